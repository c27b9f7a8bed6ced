/**
 * Values at their bounds. Numeric code (sympy with mpmath) keeps values full — 32 labels, eight functions or
 * classes — through most of its calls, and joining into a full value, flattening a value or hiding a label again
 * were most of its simulation: they now return what they already have. What they return is unchanged: the
 * standard library's report and a copy of botocore's are byte-identical before and after.
 */
import { describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { LabelTable } from '../src/simulate/labels.js';
import { allLabels, AValue, collectLabels, join, LIMITS, shallow, type Trail } from '../src/simulate/values.js';

const trail = (line: number): Trail => ({ file: 'app.py', line, note: `line ${line}`, prev: null, length: 1 });

function labelled(ids: number[], line = 1): Map<number, Trail | null> {
  return new Map(ids.map((id) => [id, trail(line)]));
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('values at their bounds', () => {
  it('keep a full value\'s labels and lists when more is joined into it', () => {
    const full = new AValue(labelled(range(0, LIMITS.labels)), null, false, range(0, LIMITS.consts).map(String), null,
      range(0, LIMITS.consts).map((unit) => ({ unit })), range(100, LIMITS.consts));
    const more = new AValue(labelled([500, 501]), null, false, ['extra'], null, [{ unit: 900 }], [900]);
    const joined = join(full, more);
    expect(joined.labels).toBe(full.labels);
    expect(joined.consts).toBe(full.consts);
    expect(joined.callables).toBe(full.callables);
    expect(joined.instances).toBe(full.instances);
    // Not full yet: the new label, function and class get in, after the ones already there.
    const partial = new AValue(labelled([1, 2]), null, false, null, null, [{ unit: 1 }], [1]);
    const grown = join(partial, more);
    expect([...grown.labels.keys()]).toEqual([1, 2, 500, 501]);
    expect(grown.callables).toEqual([{ unit: 1 }, { unit: 900 }]);
    expect(grown.instances).toEqual([1, 900]);
  });

  it('flatten a value with fields once, its own labels first, and keep the first trail of a label', () => {
    const inner = new AValue(labelled([3, 1], 7));
    const value = new AValue(labelled([1, 2], 5), new Map([['email', inner]]));
    const labels = allLabels(value);
    expect([...labels.keys()]).toEqual([1, 2, 3]);
    expect(labels.get(1)).toEqual(trail(5));
    expect(allLabels(value)).toBe(labels);
    // Without fields a value's labels are all its labels: the same map.
    expect(allLabels(inner)).toBe(inner.labels);
    expect([...shallow(value).labels.keys()]).toEqual([1, 2, 3]);
    // Adding to a map of one's own leaves the value's alone.
    const into = labelled([9]);
    collectLabels(value, into);
    expect([...into.keys()]).toEqual([9, 1, 2, 3]);
    expect([...allLabels(value).keys()]).toEqual([1, 2, 3]);
  });

  it('hide a label as the same masked label every time', () => {
    const labels = new LabelTable(nameSensitivity);
    const email = labels.source(undefined, undefined, 'email', 'app.py', 3);
    const masked = labels.masked(email);
    expect(labels.masked(email)).toBe(masked);
    expect(labels.get(masked)).toMatchObject({ masked: true, categories: [], name: 'email' });
    expect(labels.masked(masked)).toBe(masked);
    // Data of no category has nothing to hide: its label stays.
    const plain = labels.source(undefined, undefined, 'count', 'app.py', 4);
    expect(labels.masked(plain)).toBe(plain);
    // A label made after the first masked one is hidden too (the table of masked labels grows with the labels).
    const param = labels.paramChild(labels.param(0, []), 'password');
    expect(labels.get(labels.masked(param))).toMatchObject({ kind: 'param', masked: true, path: ['password'] });
  });
});
