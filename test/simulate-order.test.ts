/**
 * The simulation's order: callees run before their callers' first run, also when the call is resolved only while
 * simulating (a method reached through `self`, an instance's method), so one run per unit is enough for code
 * without recursion. With `simulation-runs=1` nothing may be lost on such code.
 */
import { describe, expect, it } from 'vitest';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

// Source order puts every caller before its callee; only methods connect them.
const SERVICE = [
  'import logging',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def signup(form):',
  '    account = AccountService()',
  '    return account.register(form.email)',
  '',
  '',
  'class AccountService:',
  '    def register(self, who):',
  '        self._welcome(who)',
  '        return who',
  '',
  '    def _welcome(self, who):',
  '        self._audit("welcome", who)',
  '',
  '    def _audit(self, event, value):',
  '        log.info("%s sent to %s", event, value)',
  '',
].join('\n');

describe('simulation order', () => {
  it('runs methods reached through self and through an instance before their callers, so one run per unit finds the flow', async () => {
    const root = writeTree({ 'accounts/service.py': SERVICE });
    for (const runs of [1, 4]) {
      const report = await scanReport(root, { budgets: { 'simulation-runs': runs } });
      expect(report.gaps.filter((g) => g.kind === 'simulation-bound')).toEqual([]);
      const flows = report.flows.map((f) => `${f.source.name} ${f.source.file}:${f.source.line} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`);
      expect(flows).toEqual(['form.email accounts/service.py:8 -> log accounts/service.py:20']);
      const path = report.flows[0]!.path.map((p) => p.line);
      expect(path[0]).toBe(8);
      expect(path[path.length - 1]).toBe(20);
    }
  });
});

describe('Worklist', () => {
  it('gives waiting units lowest rank first, each once however often it was added', async () => {
    const { Worklist } = await import('../src/simulate/worklist.js');
    const rank = Int32Array.from([5, 0, 3, 9, 1, 7]);
    const list = new Worklist(rank);
    for (const unit of [3, 0, 2, 2, 5, 1, 3, 4]) list.add(unit);
    const order: number[] = [];
    for (let unit = list.take(); unit !== undefined; unit = list.take()) {
      order.push(unit);
      if (unit === 2) list.add(1); // a lower rank added while running comes next
    }
    expect(order).toEqual([1, 4, 2, 1, 0, 5, 3]);
  });
});
