/**
 * Flow ids are stable under unrelated edits: moving the code down, adding functions, renaming a local variable
 * keeps them; they change when what the flow is changes (another sink callee).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

function demoCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-ids-'));
  cpSync(DEMO, root, { recursive: true });
  return root;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const full = path.join(root, file);
  writeFileSync(full, change(readFileSync(full, 'utf8')));
}

const ids = async (root: string) => (await scanReport(root)).flows.map((f) => `${f.sink.callee} ${f.source.column} ${f.id}`);

describe('flow ids', () => {
  it('survive unrelated edits: lines moved, functions added, a local renamed', async () => {
    const before = await ids(DEMO);
    const root = demoCopy();
    edit(root, 'etl/export_users.py', (text) => text
      .replace('"""Weekly export of opted-in customers to the CRM vendor."""', '"""Weekly export of opted-in customers to the CRM vendor.\n\nRuns on Mondays.\n"""')
      .replace('def export(export_id):', 'def helper():\n    return 42\n\n\ndef export(export_id):')
      .replace(/response/g, 'reply'));
    const after = await scanReport(root);
    expect(after.flows.map((f) => `${f.sink.callee} ${f.source.column} ${f.id}`)).toEqual(before);
    expect(after.flows[0]!.sink.line).toBe(24 + 3 + 4);
  });

  it('change when the flow does: another sink callee', async () => {
    const root = demoCopy();
    edit(root, 'etl/export_users.py', (text) => text.replace('logger.info("exporting customer %s", user.email)', 'logger.warning("exporting customer %s", user.email)'));
    const [logged] = (await scanReport(root)).flows;
    expect(logged!.sink.callee).toBe('logging.Logger.warning');
    expect((await ids(DEMO))[0]).not.toContain(logged!.id);
  });
});
