/** A tree of bad inputs, built fresh per test run (never committed: it holds a binary and a symlink loop). */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function hostileTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lineage-hostile-'));
  const write = (file: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  write('jobs/ok.sql', 'INSERT INTO mart.daily SELECT * FROM raw.events;\n');
  // A compiled artefact that kept a source extension.
  write('jobs/blob.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x3d, 0x0a]));
  // Latin-1 bytes in a comment: not UTF-8, but the statement must still be analysed.
  write('jobs/latin1.sql', Buffer.concat([
    Buffer.from('-- caf'), Buffer.from([0xe9]), Buffer.from(' report\nINSERT INTO mart.cafe SELECT * FROM raw.orders;\n'),
  ]));
  write('jobs/huge.sql', `-- generated\n${'SELECT 1;\n'.repeat(300)}`);
  write('jobs/empty.py', '');
  write('jobs/broken.sql', 'SELECT 1;\n\nSELEC name FORM raw.users WERE;\n');
  symlinkSync('loop', path.join(root, 'loop'));
  return root;
}
