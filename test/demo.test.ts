/**
 * The bundled demo repository (fixtures/demo): every SQL statement in warehouse/ and every SQL string in etl/
 * and ml/ becomes a job with the right tables, file and line. Expectations reviewed by hand against the
 * fixture files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import { scan } from '../src/pipeline/scan.js';
import type { Report } from '../src/report/json/schema.js';
import { Engine } from '../src/simulate/engine.js';
import { Program } from '../src/simulate/program.js';
import { DEMO, runCli } from './helpers/cli.js';

let report: Report;

beforeAll(() => {
  const result = runCli(['scan', DEMO, '--format', 'json']);
  expect(result.code).toBe(0);
  report = JSON.parse(result.stdout) as Report;
});

const t = (name: string) => `table:${name}`;

describe('lineage scan fixtures/demo --format json', () => {
  it('has one job per SQL statement of the warehouse, with operation and tables', () => {
    const warehouse = report.jobs.filter((j) => j.file.startsWith('warehouse/'));
    expect(warehouse.map((j) => [`${j.file}:${j.line}`, j.operation, j.inputs, j.outputs])).toEqual([
      ['warehouse/ddl/audit.sql:2', 'create_table', [], [t('audit.user_exports')]],
      ['warehouse/ddl/raw_tables.sql:4', 'create_table', [], [t('raw.users')]],
      ['warehouse/ddl/raw_tables.sql:16', 'create_table', [], [t('raw.orders')]],
      ['warehouse/ddl/raw_tables.sql:25', 'create_table', [], [t('raw.order_items')]],
      ['warehouse/ddl/raw_tables.sql:32', 'create_table', [], [t('raw.returns')]],
      ['warehouse/ddl/raw_tables.sql:40', 'create_table', [], [t('raw.web_sessions')]],
      ['warehouse/models/marts/customer_features.sql:4', 'create_table_as',
        [t('staging.stg_orders'), t('staging.stg_returns'), t('staging.stg_users')], [t('mart.customer_features')]],
      // No config of its own: the marts folder's `+materialized: table` in dbt_project.yml applies.
      ['warehouse/models/marts/daily_revenue.sql:1', 'create_table_as', [t('staging.stg_orders')], [t('mart.daily_revenue')]],
      ['warehouse/models/staging/stg_orders.sql:3', 'create_view', [t('raw.order_items'), t('raw.orders')], [t('staging.stg_orders')]],
      ['warehouse/models/staging/stg_returns.sql:1', 'create_view', [t('raw.orders'), t('raw.returns')], [t('staging.stg_returns')]],
      ['warehouse/models/staging/stg_users.sql:2', 'create_view', [t('raw.users')], [t('staging.stg_users')]],
      ['warehouse/scripts/retention.sql:3', 'insert', [t('raw.web_sessions')], [t('raw.web_sessions_daily')]],
      ['warehouse/scripts/retention.sql:13', 'delete', [], [t('raw.web_sessions')]],
      ['warehouse/scripts/retention.sql:16', 'update', [t('audit.erasure_requests')], [t('raw.users')]],
    ]);
  });

  it('has one job per SQL string in the Python code, at the SQL text and its call', () => {
    const code = report.jobs.filter((j) => j.file.endsWith('.py')).filter((j) => j.kind === 'sql');
    expect(code.map((j) => [`${j.file}:${j.line}`, `${j.callee}@${j.callLine}`, j.operation, j.inputs, j.outputs])).toEqual([
      // insert_rows(table, ...) builds its statement from the table its caller names: load_returns' "raw.returns".
      ['etl/db.py:28', 'cur.executemany@30', 'insert', [], [t('raw.returns')]],
      ['etl/export_users.py:13', 'pandas.read_sql@22', 'select', [t('raw.marketing_consents'), t('raw.users')], []],
      ['etl/export_users.py:34', 'cur.execute@33', 'insert', [t('raw.marketing_consents'), t('raw.users')], [t('audit.user_exports')]],
      ['etl/load_orders.py:26', 'psycopg2.extras.execute_values@24', 'insert', [], [t('raw.orders')]],
      ['etl/load_orders.py:36', 'cur.execute@36', 'truncate', [], [t('raw.order_items')]],
      ['etl/load_orders.py:40', 'cur.execute@38', 'insert', [], [t('raw.order_items')]],
      ['etl/load_users.py:12', 'cur.executemany@31', 'insert', [], [t('raw.users')]],
      ['etl/load_users.py:33', 'cur.execute@32', 'update', [t('staging.storefront_live_users')], [t('raw.users')]],
      ['etl/sessionize.py:8', 'spark.sql@7', 'insert', [t('raw.click_events')], [t('raw.web_sessions')]],
      ['ml/train_churn.py:14', 'pandas.read_sql@13', 'select', [t('mart.customer_features')], []],
    ]);
    expect(code.every((j) => j.confidence === 'high')).toBe(true);
  });

  it('has one job per SQL string of the C++ service, the PHP app and the Hack repository, at the SQL text and its call', () => {
    const code = report.jobs.filter((j) => /\.(cpp|php|hack)$/.test(j.file)).filter((j) => j.kind === 'sql');
    expect(code.map((j) => [`${j.file}:${j.line}`, `${j.callee}@${j.callLine}`, j.operation, j.inputs, j.outputs])).toEqual([
      // $this->conn->queryf('SELECT id, email FROM raw.users WHERE id = %d ...', $user_id) through the promoted property.
      ['hack/UserRepository.hack:11', 'AsyncMysqlConnection.queryf@10', 'select', [t('raw.users')], []],
      ['hack/UserRepository.hack:20', 'AsyncMysqlConnection.queryf@19', 'select', [t('raw.orders')], []],
      // kInsertOrder (two adjacent literals in an anonymous namespace) prepared at line 16 into &stmt.
      ['services/order_service/src/order_dao.cpp:10', 'sqlite3_prepare_v2@16', 'insert', [], [t('orders')]],
      // std::string sql = "UPDATE orders SET status = '" + status + "' WHERE id = " + std::to_string(order_id);
      ['services/order_service/src/order_dao.cpp:33', 'sqlite3_exec@34', 'update', [], [t('orders')]],
      ['services/order_service/src/order_dao.cpp:46', 'sqlite3_prepare_v2@45', 'select', [t('orders')], []],
      // $this->db->prepare(...) on the constructor-promoted `private PDO $db`.
      ['web/app/Http/Controllers/UserController.php:17', 'PDO.prepare@17', 'select', [t('raw.users')], []],
      ['web/app/Http/Controllers/UserController.php:27', 'PDO.prepare@27', 'update', [], [t('raw.users')]],
    ]);
    const insert = report.jobs.find((j) => j.file.endsWith('order_dao.cpp') && j.line === 10)!;
    expect(insert.kind === 'sql' && insert.sql).toContain('VALUES (?, ?, ?, ?, ?, datetime(\'now\'))');
    // Values the program puts into the text are shown as bound parameters, quoted or not; so are columns it lists.
    const update = report.jobs.find((j) => j.file.endsWith('order_dao.cpp') && j.line === 33)!;
    expect(update.kind === 'sql' && update.sql).toBe('UPDATE orders SET status = ? WHERE id = ?');
    const returns = report.jobs.find((j) => j.file === 'etl/db.py' && j.kind === 'sql')!;
    expect(returns.kind === 'sql' && returns.sql).toBe('INSERT INTO raw.returns (?) VALUES (?)');
  });

  it('has a function job for each unit whose code moves data between assets, through helpers in other modules', () => {
    const functions = report.jobs.filter((j) => j.kind === 'function');
    expect(functions.map((j) => [j.id, j.unit, j.inputs, j.outputs])).toEqual([
      // requests.post(CRM_API_URL, json={...}) with rows read by pandas.read_sql; the URL is a constant of etl/config.py.
      ['etl/export_users.py#3', 'export', [t('raw.users')], ['api:api.crmvendor.example/v2/contacts']],
      // insert_rows() in etl/db.py builds `INSERT INTO {table} ...`; the caller names the table and the file (default argument).
      ['etl/load_returns.py#1', 'load_returns', ['file:exports/returns.jsonl'], [t('raw.returns')]],
      // load_features() returns the mart's rows; fit() moves them into the model; joblib.dump(model, model_path) writes it.
      ['ml/train_churn.py#2', 'train', [t('mart.customer_features')], ['model:models/churn.joblib']],
      // DB::table('raw.users')->select(...)->first(), posted with the Guzzle client whose base_uri the constructor set.
      ['web/app/Services/CrmSync.php#1', 'CrmSync.pushCustomer', [t('raw.users')], ['api:api.crmvendor.example/v2/contacts']],
    ]);
    const lineage = (unit: string) => functions.find((j) => j.unit === unit)!.columnLineage
      .map((c) => `${c.output.column} <- ${c.inputs.map((i) => `${i.asset.slice(6)}.${i.column}`).join(', ')}`);
    expect(lineage('export')).toEqual(['email <- raw.users.email', 'name <- raw.users.full_name', 'tax_id <- raw.users.ssn']);
    expect(lineage('CrmSync.pushCustomer')).toEqual(['email <- raw.users.email', 'name <- raw.users.full_name', 'tax_id <- raw.users.ssn']);
  });

  it('reports the e-mail logged and the SSN sent to the CRM vendor, with their path from the table read', () => {
    const flows = report.flows.map((f) => ({
      sink: `${f.sink.kind} ${f.sink.callee} ${f.sink.file}:${f.sink.line}${f.sink.endLine ? `-${f.sink.endLine}` : ''}`,
      source: `${f.source.asset ? `${f.source.asset}.${f.source.column} as ` : ''}${f.source.name} (${f.source.file}:${f.source.line})`,
      target: f.sink.target,
      categories: f.categories,
    }));
    const crm = 'api.crmvendor.example/v2/contacts';
    expect(flows).toEqual([
      {
        sink: 'log logging.Logger.info etl/export_users.py:24', source: 'table:raw.users.email as user.email (etl/export_users.py:22)',
        target: undefined, categories: ['user.contact.email'],
      },
      {
        sink: 'third_party requests.post etl/export_users.py:25-30', source: 'table:raw.users.email as user.email (etl/export_users.py:22)',
        target: crm, categories: ['user.contact.email'],
      },
      {
        sink: 'third_party requests.post etl/export_users.py:25-30', source: 'table:raw.users.full_name as user.full_name (etl/export_users.py:22)',
        target: crm, categories: ['user.name'],
      },
      {
        sink: 'third_party requests.post etl/export_users.py:25-30', source: 'table:raw.users.ssn as user.ssn (etl/export_users.py:22)',
        target: crm, categories: ['user.government_id.national_identification_number'],
      },
      // LOG(INFO) << "order " << order.id << " placed by " << order.customer_email; (a parameter's field, by its name)
      {
        sink: 'log LOG.operator<< services/order_service/src/order_dao.cpp:27', source: 'order.customer_email (services/order_service/src/order_dao.cpp:27)',
        target: undefined, categories: ['user.contact.email'],
      },
      // error_log('profile viewed: ' . $user['email']) with $user = $stmt->fetch() of the SELECT on raw.users.
      {
        sink: 'log error_log web/app/Http/Controllers/UserController.php:20', source: 'table:raw.users.email as user.email (web/app/Http/Controllers/UserController.php:17)',
        target: undefined, categories: ['user.contact.email'],
      },
      // return response()->json($user): the whole row, its e-mail address and full name.
      {
        sink: 'response Illuminate.Http.ResponseFactory.json web/app/Http/Controllers/UserController.php:21', source: 'table:raw.users.email as email (web/app/Http/Controllers/UserController.php:17)',
        target: undefined, categories: ['user.contact.email'],
      },
      {
        sink: 'response Illuminate.Http.ResponseFactory.json web/app/Http/Controllers/UserController.php:21', source: 'table:raw.users.full_name as full_name (web/app/Http/Controllers/UserController.php:17)',
        target: undefined, categories: ['user.name'],
      },
      // $this->http->post('contacts', ['json' => [... 'tax_id' => $user->ssn]]) on a client bound to an external vendor.
      {
        sink: 'third_party GuzzleHttp.Client.post web/app/Services/CrmSync.php:25-31', source: 'table:raw.users.full_name as user.full_name (web/app/Services/CrmSync.php:20)',
        target: crm, categories: ['user.name'],
      },
      {
        sink: 'third_party GuzzleHttp.Client.post web/app/Services/CrmSync.php:25-31', source: 'table:raw.users.ssn as user.ssn (web/app/Services/CrmSync.php:20)',
        target: crm, categories: ['user.government_id.national_identification_number'],
      },
      {
        sink: 'third_party GuzzleHttp.Client.post web/app/Services/CrmSync.php:25-31', source: 'table:raw.users.email as user.email (web/app/Services/CrmSync.php:20)',
        target: crm, categories: ['user.contact.email'],
      },
    ]);
    const logged = report.flows[0]!;
    expect(logged.path.map((p) => `${p.line} ${p.note}`)).toEqual([
      '22 read table:raw.users.email (pandas.read_sql)',
      '23 user = …',
      '24 log sink logging.Logger.info',
    ]);
    expect(new Set(report.flows.map((f) => f.id)).size).toBe(report.flows.length);
    const sentSsn = report.flows.find((f) => f.sink.file.endsWith('CrmSync.php') && f.source.column === 'ssn')!;
    expect(sentSsn.path.map((p) => `${p.line} ${p.note}`)).toEqual([
      '20 read table:raw.users (Illuminate.Database.Query.Builder.select)',
      '25 third_party sink GuzzleHttp.Client.post',
    ]);
  });

  it('reaches CrmSync::pushCustomer from UserController::updateEmail through the promoted, typed property', async () => {
    const result = await scan({ root: DEMO, include: [], exclude: [], gitignore: true, dialect: resolveDialect('postgres')!, maxFileSize: 2 << 20 });
    const controller = result.files.find((f) => f.file.endsWith('UserController.php'))!;
    const updateEmail = controller.units.find((u) => u.name === 'UserController.updateEmail')!;
    // $this->crm->pushCustomer($id): named by the property's declared class, callable through `this.crm`.
    expect(updateEmail.steps.filter((s) => s.op === 'call' && s.callee.endsWith('pushCustomer'))).toEqual([
      { op: 'call', line: 29, slot: 2, callee: 'App.Services.CrmSync.pushCustomer', fn: { ref: 'this', path: ['crm', 'pushCustomer'] }, args: [[{ ref: 'id' }]] },
    ]);
    const program = new Program(result.files);
    const engine = new Engine(program, { sensitivity: nameSensitivity, maxRuns: 8 });
    engine.run();
    const pushCustomer = program.units.find((u) => u.unit.name === 'CrmSync.pushCustomer')!;
    expect(engine.isCalled(pushCustomer.index)).toBe(true);
  });

  it('joins the languages through shared table assets', () => {
    const touching = (asset: string) => [...new Set(report.jobs.filter((j) => j.inputs.includes(asset) || j.outputs.includes(asset))
      .map((j) => j.file.slice(j.file.lastIndexOf('.') + 1)))].sort();
    // raw.users: written by the Python ETL and the dbt warehouse, read by the PHP app and the Hack repository.
    expect(touching(t('raw.users'))).toEqual(['hack', 'php', 'py', 'sql']);
    expect(touching(t('raw.orders'))).toEqual(['hack', 'py', 'sql']);
    expect(report.edges.find((e) => e.from === t('raw.users') && e.to === 'api:api.crmvendor.example/v2/contacts')?.jobs)
      .toEqual(['etl/export_users.py#3', 'web/app/Services/CrmSync.php#1']);
    const orders = report.assets.find((a) => a.id === t('orders'))!;
    expect(orders.columns).toEqual(['id', 'placed_at', 'shipping_address', 'shipping_cents', 'status', 'user_id']);
  });

  it('derives the table edges from the jobs, dbt refs and sources resolved', () => {
    const name = (id: string) => (id.startsWith('table:') ? id.slice(6) : id);
    expect(report.edges.map((e) => `${name(e.from)} -> ${name(e.to)}`)).toEqual([
      'file:exports/returns.jsonl -> raw.returns',
      'audit.erasure_requests -> raw.users',
      'mart.customer_features -> model:models/churn.joblib',
      'raw.click_events -> raw.web_sessions',
      'raw.marketing_consents -> audit.user_exports',
      'raw.order_items -> staging.stg_orders',
      'raw.orders -> staging.stg_orders',
      'raw.orders -> staging.stg_returns',
      'raw.returns -> staging.stg_returns',
      'raw.users -> api:api.crmvendor.example/v2/contacts',
      'raw.users -> audit.user_exports',
      'raw.users -> staging.stg_users',
      'raw.web_sessions -> raw.web_sessions_daily',
      'staging.stg_orders -> mart.customer_features',
      'staging.stg_orders -> mart.daily_revenue',
      'staging.stg_returns -> mart.customer_features',
      'staging.stg_users -> mart.customer_features',
      'staging.storefront_live_users -> raw.users',
    ]);
    const customerFeatures = report.edges.find((e) => e.to === t('mart.customer_features') && e.from === t('staging.stg_users'));
    expect(customerFeatures?.jobs).toEqual(['warehouse/models/marts/customer_features.sql#1']);
  });

  it('learns table columns from the DDL', () => {
    const users = report.assets.find((a) => a.id === t('raw.users'));
    expect(users?.columns).toEqual(['country_code', 'created_at', 'date_of_birth', 'deleted_at', 'email', 'full_name', 'id', 'phone', 'ssn']);
    expect(users?.locations.map((l) => `${l.file}:${l.line}`)).toEqual([
      'etl/load_users.py:12', 'etl/load_users.py:33', 'warehouse/ddl/raw_tables.sql:4', 'warehouse/scripts/retention.sql:16',
      // UPDATE raw.users in UserController::updateEmail; the Eloquent model User maps raw.users.
      'web/app/Http/Controllers/UserController.php:27', 'web/app/Models/User.php:7',
    ]);
  });

  it('counts files per language and reports the blind spots it has', () => {
    expect(Object.fromEntries(Object.entries(report.summary.languages).map(([k, v]) => [k, v?.files]))).toEqual({
      cpp: 3, hack: 1, php: 4, python: 8, sql: 8,
    });
    expect(report.gaps.map((g) => `${g.kind} ${g.file}:${g.line}`)).toEqual([
      'empty-file etl/__init__.py:0',
      'dynamic-sql etl/db.py:30',
    ]);
  });
});

/** The manifest's policy on the flows the simulator finds (test/policies.test.ts checks the same on hand-written flows). */
describe('the demo manifest policy on the flows of the simulator', () => {
  const violation = (file: string, line: number, category: string) => report.findings.some((f) =>
    f.ruleId === 'policy-violation' && f.policy === 'no-pii-in-logs-or-vendors' && f.file === file && f.line === line
    && (f.categories ?? []).some((c) => c.startsWith(category)));

  it('catches the e-mail addresses written to logs', () => {
    expect(violation('etl/export_users.py', 24, 'user.contact.email')).toBe(true);
    expect(violation('web/app/Http/Controllers/UserController.php', 20, 'user.contact.email')).toBe(true);
  });

  it('catches the SSNs sent to the CRM vendor', () => {
    expect(violation('etl/export_users.py', 25, 'user.government_id')).toBe(true);
    expect(violation('web/app/Services/CrmSync.php', 25, 'user.government_id')).toBe(true);
  });

  it('fails the scan with --fail-on policy', () => {
    expect(runCli(['scan', DEMO, '--format', 'json', '--fail-on', 'policy']).code).toBe(1);
  });
});
