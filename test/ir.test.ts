/**
 * The code IR: what the Python extractor emits for a realistic file is valid against the zod schema (facts are
 * cached and sent between threads as plain data) and says what the code does, step by step.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countLines } from '../src/discover/read.js';
import { FileFacts, type Step } from '../src/facts/schema.js';
import { extractFile } from '../src/extract/index.js';
import { resolveDialect } from '../src/extract/sql/dialects.js';
import { REPO_ROOT } from './helpers/cli.js';

async function facts(root: string, file: string) {
  const text = readFileSync(path.join(REPO_ROOT, root, file), 'utf8');
  return extractFile(file, 'python', { text, bytes: Buffer.byteLength(text), hash: 'h', lines: countLines(text), gaps: [] }, {
    dialect: resolveDialect('postgres')!, dbt: { projects: [] } as never,
  });
}

const brief = (step: Step): string => {
  switch (step.op) {
    case 'assign': return `${step.line} assign ${[step.target.name, ...(step.target.path ?? [])].join('.')}${step.weak ? ' (weak)' : ''}`;
    case 'call': return `${step.line} call ${step.callee} -> #${step.slot}`;
    case 'sink': return `${step.line} sink ${step.kind} ${step.callee}`;
    case 'sql': return `${step.line} sql ${step.statement.operation} ${[...step.statement.inputs, ...step.statement.outputs].join(' ')}`;
    case 'query': return `${step.line} query ${step.callee}`;
    case 'read': return `${step.line} read ${step.asset.kind}:${step.asset.name ?? '?'}`;
    case 'write': return `${step.line} write ${step.asset.kind}:${step.asset.name ?? '?'}`;
    case 'open': return `${step.line} open ${step.asset.kind}`;
    case 'return': return `${step.line} return`;
  }
};

describe('the code IR of a Python module', () => {
  it('round-trips through the zod schema as plain JSON', async () => {
    for (const [root, file] of [['fixtures/demo', 'etl/export_users.py'], ['fixtures/python-etl', 'pipelines/customers.py'], ['fixtures/python-django-app', 'shop/models.py']] as const) {
      const extracted = await facts(root, file);
      const reparsed = FileFacts.parse(JSON.parse(JSON.stringify(extracted)));
      expect(reparsed).toEqual(extracted);
    }
  });

  it('records imports as absolute targets, the module name, units with parameters and their steps in order', async () => {
    const f = await facts('fixtures/python-etl', 'pipelines/customers.py');
    expect(f.module).toBe('pipelines.customers');
    expect(f.imports?.map((i) => `${i.local}=${i.target}`)).toEqual([
      'json=json', 'logging=logging', 'KafkaProducer=kafka.KafkaProducer',
      'fetch_rows=pipelines.io.warehouse.fetch_rows', 'CUSTOMER_TOPIC=pipelines.settings.CUSTOMER_TOPIC',
    ]);
    expect(f.units.map((u) => `${u.kind} ${u.name}(${(u.params ?? []).map((p) => p.name).join(', ')})${u.parent ? ` in ${u.parent}` : ''}`)).toEqual([
      'module <module>()', 'class CustomerSync()', 'method CustomerSync.__init__(self, bootstrap_servers) in CustomerSync',
      'method CustomerSync.run(self, since) in CustomerSync', 'method CustomerSync._publish(self, row) in CustomerSync',
    ]);
    const publish = f.units.find((u) => u.name === 'CustomerSync._publish')!;
    expect(publish.steps.map(brief)).toEqual([
      '30 assign event',
      '31 call json.dumps -> #0',
      '31 call json.dumps.encode -> #1',
      '31 sink queue self.producer.send',
      '32 sink log logging.Logger.debug',
      '33 assign self.sent (weak)',
    ]);
  });

  it('keeps the names data is read through, the keys of collections and the SQL of a call', async () => {
    const f = await facts('fixtures/demo', 'etl/export_users.py');
    const exportUnit = f.units.find((u) => u.name === 'export')!;
    const post = exportUnit.steps.find((s) => s.op === 'sink' && s.kind === 'http');
    expect(post).toMatchObject({
      op: 'sink', line: 25, endLine: 30, callee: 'requests.post', asset: 'api', target: [{ ref: 'CRM_API_URL' }],
      value: [{ ref: 'CRM_API_URL' }, { items: [{ key: 'json', value: [{ items: [
        { key: 'email', value: [{ ref: 'user', path: ['email'] }] },
        { key: 'name', value: [{ ref: 'user', path: ['full_name'] }] },
        { key: 'tax_id', value: [{ ref: 'user', path: ['ssn'] }] },
      ] }] }] }],
    });
    const read = exportUnit.steps.find((s) => s.op === 'sql' && s.statement.operation === 'select');
    expect(read && read.op === 'sql' ? read.columns?.map((c) => `${c.name}<-${c.from?.map((x) => `${x.asset}.${x.column}`).join()}`) : []).toEqual([
      'id<-table:raw.users.id', 'email<-table:raw.users.email', 'full_name<-table:raw.users.full_name', 'ssn<-table:raw.users.ssn',
    ]);
  });

  it('keeps SQL built with f-strings parseable, a placeholder where a value was interpolated', async () => {
    const f = await facts('fixtures/demo', 'etl/db.py');
    const insert = f.units.find((u) => u.name === 'insert_rows')!.steps.find((s) => s.op === 'sql');
    expect(insert?.op === 'sql' && insert.statement.text).toBe('INSERT INTO __lineage_p0__ (__lineage_p1__) VALUES (__lineage_p2__)');
    expect(insert?.op === 'sql' && insert.params?.map((p) => [p.token, p.value])).toEqual([
      ['__lineage_p0__', [{ ref: 'table' }]],
      ['__lineage_p1__', [{ ref: 'columns' }]],
      ['__lineage_p2__', [{ ref: 'placeholders' }]],
    ]);
  });

  it('maps ORM classes to their table and columns', async () => {
    const f = await facts('fixtures/python-django-app', 'shop/models.py');
    expect(f.units.filter((u) => u.asset).map((u) => [u.name, u.asset])).toEqual([
      // `visible: []`: neither class defines __str__, so a formatted object shows no column ("Customer object (1)").
      // `id`: the key Django gives a model that declares none (`key`: the column that identifies a row).
      // `user`, a one-to-one field to settings.AUTH_USER_MODEL: the class named `User`, or else Django's auth_user.
      ['Customer', {
        kind: 'table', name: 'shop_customer', columns: ['created_at', 'date_of_birth', 'email', 'full_name', 'id', 'marketing_opt_in', 'phone', 'user_id'],
        visible: [], key: 'id', relations: [{ field: 'user', target: 'User', reverse: 'customer', column: 'user_id', table: 'auth_user' }],
      }],
      // The relation names Django's user class, so the file has a unit for it: a framework's class mapped to
      // auth_user, which the program's own user model would replace (the class its AUTH_USER_MODEL setting names,
      // else one named `User`); formatted, it shows its username.
      ['User', {
        kind: 'table', name: 'auth_user', columns: ['date_joined', 'email', 'first_name', 'id', 'is_active', 'is_staff', 'is_superuser', 'last_login', 'last_name', 'password', 'username'],
        visible: ['username'], key: 'id', framework: true, swappable: 'User', swappableBy: 'AUTH_USER_MODEL',
      }],
      // The foreign key `customer` is the related Customer (`order.customer`), stored in the column `customer_id`;
      // the customers' objects reach their orders through `order_set`.
      ['Order', {
        kind: 'table', name: 'shop_orders', columns: ['customer_id', 'id', 'shipping_address', 'status', 'total_cents'], visible: [], key: 'id',
        relations: [{ field: 'customer', target: 'Customer', reverse: 'order_set', column: 'customer_id' }],
      }],
    ]);
  });
});
