/**
 * Values stay within the depth bound however many calls build them. A callee's result with a parameter inside a
 * field takes the caller's argument at that field; before the cut, each call nested the argument one level
 * deeper, so chains of tuple-building helpers (numeric libraries return tuples of tuples) grew values tens of
 * thousands of fields large and a 3.6M-line tree took ten minutes to simulate.
 */
import { describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { Engine } from '../src/simulate/engine.js';
import { Program } from '../src/simulate/program.js';
import { simulate } from '../src/simulate/index.js';
import { LIMITS, type AValue } from '../src/simulate/values.js';
import { extractText } from './helpers/extract.js';

const SOURCE = `import logging

def pair(a, b):
    return (a, b)

def spread(*parts):
    return parts

def options(**settings):
    return settings

def nest(v):
    v = pair(v, v)
    v = pair(v, v)
    v = spread(v, v)
    v = pair(v, v)
    v = options(inner=v, other=v)
    v = pair(v, v)
    v = pair(v, v)
    v = spread(v, v)
    v = pair(v, v)
    v = pair(v, v)
    return v

def report(user):
    deep = nest(user.email)
    logging.info("value %s", deep[0][1][0][0][1][0])

def wide(v):
    row = {"k0": v, "k1": v, "k2": v, "k3": v, "k4": v, "k5": v, "k6": v, "k7": v, "k8": v, "k9": v}
    table = {"r0": row, "r1": row, "r2": row, "r3": row, "r4": row, "r5": row, "r6": row, "r7": row, "r8": row, "r9": row}
    return {"t0": table, "t1": table, "t2": table}

def lookup(customer):
    logging.warning("phone %s", wide(customer.phone)["t2"]["r3"]["k4"])

class Builder:
    def first(self):
        return self

    def second(self):
        return self

    def third(self):
        return self

    def chain(self, flag):
        x = self if flag else self.first
        y = x if flag else x.second
        return y if flag else y.third
`;

function depthOf(value: AValue): number {
  let deepest = 0;
  for (const field of value.fields?.values() ?? []) deepest = Math.max(deepest, 1 + depthOf(field));
  return deepest;
}

/** How deeply receivers of bound methods nest inside each other. */
function receiverDepth(value: AValue): number {
  let deepest = 0;
  for (const callable of value.callables ?? []) if (callable.self) deepest = Math.max(deepest, 1 + receiverDepth(callable.self));
  return deepest;
}

function sizeOf(value: AValue): number {
  let size = 1;
  for (const field of value.fields?.values() ?? []) size += sizeOf(field);
  return size;
}

/** The return value of a unit's summary, the source simulated alone. */
async function returned(unitName: string): Promise<AValue> {
  const facts = await extractText('numeric/nesting.py', SOURCE);
  const program = new Program([facts]);
  const engine = new Engine(program, { sensitivity: nameSensitivity, maxRuns: 4 });
  engine.run();
  return engine.summaries[program.units.findIndex((unit) => unit.unit.name === unitName)]!.ret;
}

describe('the depth bound of values', () => {
  it('holds for results built by chains of calls, *args and **kwargs', async () => {
    const ret = await returned('nest');
    expect(depthOf(ret)).toBe(LIMITS.depth);
    // Three fields a level (0, 1 and *) over four levels at most: 1 + 3 + 9 + 27 + 81.
    expect(sizeOf(ret)).toBeLessThanOrEqual(121);
  });

  it('cuts values wider than the node bound to fewer levels', async () => {
    const ret = await returned('wide');
    // 1 + 3 tables × (1 + 10 rows × (1 + 10 keys)) = 334 fields in all: the keys' level joins the rows'.
    expect(sizeOf(ret)).toBeLessThanOrEqual(LIMITS.nodes);
    expect(ret.nodes).toBe(sizeOf(ret));
    expect(depthOf(ret)).toBe(2);
  });

  it("binds methods to their receiver without the receiver's own bound methods", async () => {
    const ret = await returned('Builder.chain');
    expect(ret.callables?.length).toBeGreaterThan(0);
    expect(receiverDepth(ret)).toBe(1);
  });

  it('keeps the data of what was cut: it joins the deepest level kept', async () => {
    const facts = await extractText('numeric/nesting.py', SOURCE);
    const flows = simulate([facts]).flows.map((flow) => `${flow.sink.line} ${flow.source.name}`);
    expect(flows).toEqual(['27 user.email', '35 customer.phone']);
  });
});
