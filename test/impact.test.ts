/**
 * `lineage impact`: changed files -> jobs -> written assets -> everything downstream, from file lists and from
 * `--since <git revision>`. Expectations checked by hand against fixtures/demo and the enriched report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { impactOf } from '../src/graph/impact.js';
import { indexReport } from '../src/graph/lineage-index.js';
import type { Report } from '../src/report/json/schema.js';
import { DEMO, REPO_ROOT, runCli } from './helpers/cli.js';
import { demoCopy } from './helpers/demo-copy.js';

const ENRICHED_FILE = path.join(REPO_ROOT, 'fixtures/reports/demo-enriched.json');
const enriched = indexReport(JSON.parse(readFileSync(ENRICHED_FILE, 'utf8')) as Report);

describe('impact of a change', () => {
  it('follows a changed ETL file to the marts it feeds, the churn model and the vendor API', () => {
    const result = runCli(['impact', 'etl/load_users.py', '--dir', DEMO, '--format', 'json']);
    expect(result.code).toBe(0);
    const impact = JSON.parse(result.stdout);
    expect(impact.headline).toBe('this change rewrites raw.users; 1 audit table, 1 mart table, 1 staging table, api:api.crmvendor.example/v2/contacts and model:models/churn.joblib depend on it');
    expect(impact.jobs.map((j: { job: string }) => j.job)).toEqual(['etl/load_users.py#1', 'etl/load_users.py#2']);
    expect(impact.changed.map((a: { id: string }) => a.id)).toEqual(['table:raw.users']);
    expect(impact.read).toEqual(['table:staging.storefront_live_users']);
    expect(impact.downstream.map((a: { id: string; depth: number }) => `${a.depth} ${a.id}`)).toEqual([
      '1 api:api.crmvendor.example/v2/contacts', '1 table:audit.user_exports', '1 table:staging.stg_users',
      '2 table:mart.customer_features', '3 model:models/churn.joblib',
    ]);
    // Where the users' data leaves the system, in every language that reads the table.
    expect(impact.flows.map((f: { source: string; sink: string }) => `${f.source} -> ${f.sink}`)).toContain(
      'raw.users.ssn -> third_party GuzzleHttp.Client.post at web/app/Services/CrmSync.php:25',
    );
  });

  it('reaches the churn model, the sinks and the categories involved when the report has them', () => {
    const impact = impactOf(enriched, ['etl/load_users.py']);
    expect(impact.headline).toBe('this change rewrites raw.users; 1 audit table, 1 mart table, 1 staging table and model:churn depend on it');
    expect(impact.downstream.map((a) => `${a.depth} ${a.id}`)).toEqual([
      '1 table:audit.user_exports', '1 table:staging.stg_users', '2 table:mart.customer_features', '3 model:churn',
    ]);
    expect(impact.flows.map((f) => `${f.source} -> ${f.sink}`)).toEqual([
      'raw.users.email -> log logging.Logger.info at etl/export_users.py:24',
      'raw.users.ssn -> third_party requests.post at etl/export_users.py:25',
    ]);
    expect(impact.categories).toEqual([
      'user.contact.email', 'user.contact.phone_number', 'user.demographic.date_of_birth',
      'user.government_id.national_identification_number', 'user.name',
    ]);
  });

  it('says when a change only reads, or touches no lineage', () => {
    expect(impactOf(enriched, ['ml/train_churn.py']).headline).toBe('this change rewrites model:churn; nothing downstream depends on it');
    expect(impactOf(enriched, ['etl/export_users.py']).headline).toBe('this change rewrites audit.user_exports; nothing downstream depends on it');
    expect(impactOf(enriched, ['README.md']).headline).toBe('this change touches no lineage the scan knows of');
  });

  it('writes markdown for a pull-request comment', () => {
    const result = runCli(['impact', 'warehouse/models/staging/stg_users.sql', '--report', ENRICHED_FILE, '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      '### Lineage impact', '', '**This change rewrites staging.stg_users; 1 mart table and model:churn depend on it.**',
    ]);
    expect(result.stdout).toContain('| `mart.customer_features` | table | 1 | data-science |  |');
    expect(result.stdout).toContain('| `model:churn` | model | 2 |  |  |');
  });

  it('takes the changed files from git with --since, relative to the scanned folder, running nothing from the repository', () => {
    const root = demoCopy();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'demo');
    // A hook configured in the repository must not run.
    git('config', 'core.fsmonitor', `touch ${path.join(root, 'FSMONITOR-RAN')}`);
    const file = path.join(root, 'warehouse/models/staging/stg_orders.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace("where orders.status <> 'test'", "where orders.status not in ('test', 'void')"));
    const result = runCli(['impact', '--since', 'HEAD', '--dir', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('This change rewrites staging.stg_orders; 2 mart tables and model:models/churn.joblib depend on it.');
    expect(result.stdout).toContain('  warehouse/models/staging/stg_orders.sql  1 job');
    expect(existsSync(path.join(root, 'FSMONITOR-RAN'))).toBe(false);
  });

  it.each([
    [['impact', '--dir', DEMO], 'give changed files, or --since <git revision>'],
    [['impact', '--since', '--output=x', '--dir', DEMO], "--since: expected a git revision such as main or HEAD~1, got '--output=x'"],
    [['impact', '--since', 'no-such-branch', '--dir', DEMO], '--since no-such-branch: git diff failed'],
  ])('refuses %j with exit code 2', (args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
