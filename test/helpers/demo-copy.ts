/** A fresh copy of the demo repository to modify in a test (never the committed fixture). */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO } from './cli.js';

export function demoCopy(): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'lineage-demo-')), 'demo');
  cpSync(DEMO, root, { recursive: true });
  return root;
}
