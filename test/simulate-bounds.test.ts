/**
 * The simulation is bounded and deterministic on generated inputs that stress it: expressions 5,000 levels deep,
 * a recursive call graph (self, mutual and a 300-function ring), and a 20,000-line module. Each finishes, keeps
 * its results, says where it approximated (gaps), and gives byte-identical JSON run after run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanJson } from './helpers/scan.js';

let root: string;
let json: string;
let report: Report;
let ringText: string;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'lineage-bounds-'));
  const deep = 5000;
  write('deep/parens.py', `import logging\nuser_email = input()\nx = ${'('.repeat(deep)}user_email${')'.repeat(deep)}\nlogging.info(x)\n`);
  write('deep/sum.py', `import logging\n\ndef total(ssn):\n    x = ${Array(deep).fill('ssn').join(' + ')}\n    logging.info(x)\n`);
  write('deep/calls.py', `import logging\n\ndef wrap(password):\n    x = ${'str('.repeat(deep)}password${')'.repeat(deep)}\n    logging.info(x)\n`);
  write('deep/attributes.py', `import logging\n\ndef show(user):\n    logging.info(user${'.a'.repeat(deep)}.email)\n`);

  const ring: string[] = ['import logging', 'log = logging.getLogger(__name__)', ''];
  const size = 300;
  for (let i = 0; i < size; i++) {
    ring.push(`def hop_${i}(data, depth):`, '    if depth > 0:', `        return hop_${(i + 1) % size}(data, depth - 1)`, '    log.info("%s", data)', '    return data', '');
  }
  ring.push('def start(user):', '    return hop_0(user.email, 10)', '');
  ring.push('def countdown(n, phone):', '    if n == 0:', '        print(phone)', '        return phone', '    return countdown(n - 1, phone)', '');
  ring.push('def ping(n, ssn):', '    return pong(n, ssn) if n else ssn', '', 'def pong(n, tax_id):', '    log.warning("pong %s", tax_id)', '    return ping(n - 1, tax_id)', '');
  ringText = ring.join('\n');
  write('graph/recursive.py', ringText);

  const big: string[] = ['import logging', 'logger = logging.getLogger(__name__)', ''];
  for (let i = 0; big.length < 20_000; i++) {
    big.push(
      `def handler_${i}(user, config):`,
      '    name = user.name',
      `    total = config.get("limit", 10) + ${i}`,
      '    items = [x for x in config.values() if x]',
      '    if total > 5:',
      '        logger.info("handled %s items", len(items))',
      `    result = handler_${Math.max(0, i - 1)}(user, config) if ${i} % 7 == 0 else None`,
      '    return {"id": user.id, "n": total, "r": result}',
      '',
    );
  }
  write('big/module.py', big.join('\n'));
  json = await scanJson(root);
  report = JSON.parse(json) as Report;
});

const sinks = (file: string) => report.flows.filter((f) => f.sink.file === file).map((f) => `${f.sink.line} ${f.source.name}`);

describe('bounded simulation', () => {
  it('follows 5,000-deep expressions far enough to keep their data, and says they were approximated', () => {
    expect(sinks('deep/parens.py')).toEqual(['4 user_email']);
    expect(sinks('deep/sum.py')).toEqual(['5 ssn']);
    expect(sinks('deep/calls.py')).toEqual(['5 password']);
    expect(sinks('deep/attributes.py').length).toBeGreaterThan(0);
    const deep = report.gaps.filter((g) => g.kind === 'deep-expression').map((g) => g.file);
    // Brackets alone add no depth: deep/parens.py is followed exactly, with no approximation to report.
    expect(deep).toEqual(['deep/attributes.py', 'deep/calls.py', 'deep/sum.py']);
  });

  it('settles recursive call graphs, or stops at its bound with info gaps', () => {
    const lines = sinks('graph/recursive.py');
    // Self recursion: the phone number printed at the bottom of countdown().
    expect(lines).toContain(`${lineOf(ringText, 'print(phone)')} phone`);
    // Mutual recursion: the SSN passed to ping() is logged by pong() under another name.
    expect(report.flows.some((f) => f.sink.file === 'graph/recursive.py' && f.source.name === 'tax_id')).toBe(true);
    // The ring: the e-mail start() passes in reaches the first hop's log.
    expect(lines).toContain(`${lineOf(ringText, 'log.info')} user.email`);
    const bounds = report.gaps.filter((g) => g.kind === 'simulation-bound');
    expect(bounds.every((g) => g.severity === 'info' && g.file === 'graph/recursive.py')).toBe(true);
  });

  it('simulates a 20,000-line module', () => {
    expect(report.summary.languages.python?.lines).toBeGreaterThan(20_000 + 4 * 5);
    // user.name reaches no sink there: no flow, and nothing stopped the simulation.
    expect(sinks('big/module.py')).toEqual([]);
    expect(report.gaps.filter((g) => g.file === 'big/module.py')).toEqual([]);
  });

  it('gives byte-identical JSON on every run and in any file order', async () => {
    expect(await scanJson(root)).toBe(json);
    expect(await scanJson(root, { reorder: (files) => [...files].reverse() })).toBe(json);
  });
});
