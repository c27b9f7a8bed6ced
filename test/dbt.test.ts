import { describe, expect, it } from 'vitest';
import { readConfig, renderJinja } from '../src/extract/sql/jinja.js';

const resolver = {
  ref: (model: string, pkg?: string) => (pkg ? `${pkg}_${model}` : `analytics.${model}`),
  source: (source: string, table: string) => `${source}_raw.${table}`,
  self: () => 'analytics.this_model',
};

describe('static Jinja rendering', () => {
  it('resolves ref, source and this, and keeps line numbers', () => {
    const sql = `{{ config(materialized='incremental', schema="marts") }}
select *
from {{ ref('orders') }} o
join {{ source( "shop", 'customers' ) }} c on c.id = o.customer_id
{% if is_incremental() %}
where o.updated_at > (select max(updated_at) from {{ this }})
{% endif %}`;
    const rendered = renderJinja(sql, resolver);
    expect(rendered.config).toEqual({ materialized: 'incremental', schema: 'marts' });
    const lines = rendered.text.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe('from analytics.orders o');
    expect(lines[3]).toBe('join shop_raw.customers c on c.id = o.customer_id');
    expect(lines[5]).toBe('where o.updated_at > (select max(updated_at) from analytics.this_model)');
  });

  it('keeps the if branch, drops else branches, macros and comments', () => {
    const sql = `{# a comment
spanning lines #}
{% macro cents(x) %}{{ x }} * 100{% endmacro %}
select {% if target.name == 'prod' %}a{% else %}b{% endif %}, {{ dbt_utils.surrogate_key(['id']) }} from {{ ref('pkg', 'm') }}`;
    const rendered = renderJinja(sql, resolver);
    expect(rendered.text.split('\n')).toHaveLength(4);
    expect(rendered.text.split('\n')[3]!.replace(/\s+/g, ' ').trim()).toBe('select a , __jinja__ from pkg_m');
    expect(rendered.text).not.toContain('100');
  });

  it('leaves plain SQL untouched', () => {
    const sql = 'select 1 from t';
    expect(renderJinja(sql, resolver)).toEqual({ text: sql, config: {}, templated: false });
    expect(readConfig('{{ config(alias="x") }}')).toEqual({ alias: 'x' });
  });
});
