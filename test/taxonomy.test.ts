import { describe, expect, it } from 'vitest';
import { Taxonomy } from '../src/taxonomy/index.js';

describe('built-in taxonomy', () => {
  const taxonomy = Taxonomy.builtin();

  it('holds the fideslang data categories', () => {
    expect(taxonomy.keys()).toHaveLength(85);
    expect(taxonomy.get('user.contact.email')).toEqual({ key: 'user.contact.email', parent: 'user.contact', name: 'User Contact Email' });
  });

  it('matches hierarchically', () => {
    expect(taxonomy.isWithin('user.contact.address.city', 'user.contact')).toBe(true);
    expect(taxonomy.isWithin('user.contact', 'user.contact.email')).toBe(false);
    expect(taxonomy.lineage('user.contact.address.city')).toEqual(['user.contact.address.city', 'user.contact.address', 'user.contact', 'user']);
  });

  it('takes custom categories under known parents only', () => {
    const custom = Taxonomy.builtin();
    expect(custom.add('user.contact.email.hashed', 'user.contact.email')).toBeNull();
    expect(custom.isWithin('user.contact.email.hashed', 'user.contact')).toBe(true);
    expect(custom.add('x.y', 'nope')).toMatch(/parent 'nope'/);
  });
});
