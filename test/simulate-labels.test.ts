/**
 * Parameter labels read through paths know the label one segment shorter (calls share the reads of common
 * prefixes through it); masked labels and the empty segment have no such parent.
 */
import { describe, expect, it } from 'vitest';
import { nameSensitivity } from '../src/classify/sensitivity.js';
import { LabelTable } from '../src/simulate/labels.js';

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
});
