/**
 * Parameter labels read through paths know the label one segment shorter (calls share the reads of common
 * prefixes through it); masked labels and the empty segment have no such parent.
 */
import { describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { LabelTable, MARK } from '../src/simulate/labels.js';

describe('parameter label paths', () => {
  it('link `p.a.b` to `p.a` and `p.a` to `p`', () => {
    const labels = new LabelTable(nameSensitivity);
    const root = labels.param(1, []);
    const a = labels.paramChild(root, 'address');
    const ab = labels.paramChild(a, 'city');
    expect(labels.param(1, ['address', 'city'])).toBe(ab);
    expect(labels.paramParent(ab)).toBe(a);
    expect(labels.paramParent(a)).toBe(root);
    expect(labels.paramParent(root)).toBeUndefined();
    expect(labels.get(ab).path).toEqual(['address', 'city']);
  });

  it('gives masked labels and the empty segment no parent', () => {
    const labels = new LabelTable(nameSensitivity);
    const root = labels.param(0, []);
    // `p` read through '' interns as `p` itself: it must not become its own parent.
    expect(labels.paramChild(root, '')).toBe(root);
    expect(labels.paramParent(root)).toBeUndefined();
    const masked = labels.masked(labels.paramChild(root, 'email'));
    expect(labels.get(masked).masked).toBe(true);
    expect(labels.paramParent(masked)).toBeUndefined();
    const maskedChild = labels.paramChild(masked, 'domain');
    expect(labels.get(maskedChild).path).toEqual(['email', 'domain']);
    expect(labels.paramParent(maskedChild)).toBeUndefined();
  });

  it('tell what only a caller knows: parameters, queries it names, assets named after a parameter', () => {
    const labels = new LabelTable(nameSensitivity);
    const param = labels.paramChild(labels.param(0, []), 'email');
    expect(labels.symbolic(param)).toBe(true);
    expect(labels.symbolic(labels.masked(param))).toBe(true);
    expect(labels.symbolic(labels.query(`SELECT * FROM ${MARK}0${MARK}`, 'app.py', 3, 'app.py\0load', 1, 'cursor.execute'))).toBe(true);
    expect(labels.symbolic(labels.source(`table:${MARK}0${MARK}`, undefined, undefined, 'app.py', 4))).toBe(true);
    const email = labels.source('table:crm.users', 'email', 'email', 'app.py', 5);
    expect(labels.symbolic(email)).toBe(false);
    expect(labels.symbolic(labels.withAsset(labels.source(`table:${MARK}0${MARK}`, 'email', 'email', 'app.py', 6), 'table:crm.users'))).toBe(false);
  });
});
