/**
 * Categories the manifest declares reach the flow simulation (fixtures/declared-categories): a column whose name
 * says nothing (`eml`) is what lineage.yaml says it is, and so is data read from an asset annotated as a whole.
 * Without the manifest neither flow exists; columns it does not annotate stay what their names say.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyManifest } from '../src/manifest/model.js';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

const ROOT = path.join(REPO_ROOT, 'fixtures/declared-categories');

const flowsOf = (report: Report) => report.flows.map((f) =>
  `${f.source.asset}${f.source.column ? `.${f.source.column}` : ''} -> ${f.sink.kind} ${f.sink.callee} line ${f.sink.line} [${f.categories.join(', ')}]`);

describe('declared categories in the flow simulation', () => {
  it('make flows of annotated columns and of assets annotated as a whole, and their policy findings', async () => {
    const report = await scanReport(ROOT);
    expect(flowsOf(report)).toEqual([
      'table:raw.members.eml -> log logging.Logger.debug line 28 [user.contact.email]',
      'file:exports/members.csv -> third_party requests.post line 34 [user.contact]',
    ]);
    expect(report.findings.filter((f) => f.ruleId === 'policy-violation').map((f) => `${f.file}:${f.line} ${f.policy}`)).toEqual([
      'crm/member_sync.py:28 contact-data-stays-inside',
      'crm/member_sync.py:34 contact-data-stays-inside',
    ]);
  });

  it('are the only reason for those flows: without the manifest there are none', async () => {
    const report = await scanReport(ROOT, { manifest: emptyManifest(), manifestFile: path.join(ROOT, 'lineage.yaml') });
    expect(report.flows).toEqual([]);
  });
});
