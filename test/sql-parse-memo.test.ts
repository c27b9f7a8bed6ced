/**
 * Parses remembered by grammar and text (src/extract/sql/parser.ts): a statement met again gets the same frozen
 * trees or the same failure without another parse, and budgets still apply to remembered trees.
 */
import { describe, expect, it } from 'vitest';
import { defaultBudgets, withBudgets } from '../src/budget/index.js';
import { parseWith } from '../src/extract/sql/parser.js';

function everyNodeFrozen(tree: unknown): boolean {
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (!Object.isFrozen(node)) return false;
    stack.push(...Object.values(node));
  }
  return true;
}

describe('remembered SQL parses', () => {
  it('give the same frozen trees for the same grammar and text', () => {
    const text = 'INSERT INTO mart.orders_daily SELECT o.id, u.email FROM raw.orders o JOIN raw.users u ON u.id = o.user_id';
    const first = parseWith(text, ['postgresql']);
    const again = parseWith(text, ['postgresql']);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.ast).toBe(first.ast);
    expect(everyNodeFrozen(first.ast)).toBe(true);
    // Another grammar is another parse.
    const mysql = parseWith(text, ['mysql']);
    expect(mysql.ok && mysql.ast).not.toBe(first.ast);
  });

  it('give the same failure message, and still try the next grammar', () => {
    const text = 'SELECT id FROM raw.users QUALIFY ROW_NUMBER() OVER (PARTITION BY id) = 1 ZZZ';
    const first = parseWith(text, ['postgresql']);
    const again = parseWith(text, ['postgresql']);
    expect(first.ok).toBe(false);
    expect(again).toEqual(first);
    const tsqlFirst = parseWith('SELECT TOP 5 [id] FROM [raw].[users]', ['postgresql', 'transactsql']);
    expect(tsqlFirst.ok && tsqlFirst.dialect).toBe('transactsql');
  });

  it('keep a statement met again and again while many others come and go (least recently used out first)', () => {
    const hot = 'SELECT u.id, u.email FROM raw.users u WHERE u.deleted_at IS NULL';
    const first = parseWith(hot, ['postgresql']);
    // 200 other texts of 4k characters, 800k in all: more than the memory holds (512k), so the oldest leave. They
    // fail at their first word, so each costs little to parse; failures are remembered like trees.
    const filler = (i: number) => `ZZZ ${'x'.repeat(4000)} ${i}`;
    for (let i = 0; i < 200; i++) {
      parseWith(filler(i), ['postgresql']);
      if (i % 20 === 0) parseWith(hot, ['postgresql']);
    }
    const again = parseWith(hot, ['postgresql']);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.ast).toBe(first.ast);
    // A statement not met again has left.
    const cold = 'SELECT o.id FROM raw.orders o';
    const coldFirst = parseWith(cold, ['postgresql']);
    for (let i = 200; i < 400; i++) parseWith(filler(i), ['postgresql']);
    const coldAgain = parseWith(cold, ['postgresql']);
    expect(coldFirst.ok && coldAgain.ok && coldAgain.ast !== coldFirst.ast).toBe(true);
  });

  it('still hold remembered trees to the sql-ast-depth budget', () => {
    const text = `DELETE FROM mart.flags WHERE ${Array.from({ length: 60 }, (_, i) => `id = ${i}`).join(' OR ')}`;
    expect(parseWith(text, ['postgresql']).ok).toBe(true);
    const tight = withBudgets({ ...defaultBudgets(), 'sql-ast-depth': 50 }, () => parseWith(text, ['postgresql']));
    expect(tight).toEqual({ ok: false, message: 'over the sql-ast-depth budget', budget: { budget: 'sql-ast-depth', limit: 50, actual: 51 } });
    expect(parseWith(text, ['postgresql']).ok).toBe(true);
  });
});
