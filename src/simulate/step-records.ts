/**
 * Every object inside a unit's steps (steps, value parts, arguments, nested calls), parents before children: for
 * searches that look for names wherever a step holds them, without knowing every kind of step. Parsed statements
 * are left out: they hold no names of the program.
 */
import type { Step } from '../facts/schema.js';

export function forEachRecord(steps: readonly Step[], visit: (record: Record<string, unknown>) => void): void {
  const pending: unknown[] = [steps];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) if (item[i] !== null && typeof item[i] === 'object') pending.push(item[i]);
      continue;
    }
    const record = item as Record<string, unknown>;
    visit(record);
    for (const key in record) {
      const value = record[key];
      if (value !== null && typeof value === 'object' && key !== 'statement') pending.push(value);
    }
  }
}
