/**
 * Laravel migrations (fixtures/php-laravel-migrations): tables and columns the schema builder declares, in anonymous
 * and named migration classes, and a data migration. Expectations reviewed by hand against the fixture files.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { REPO_ROOT } from './helpers/cli.js';
import { scanReport } from './helpers/scan.js';

let report: Report;

beforeAll(async () => {
  report = await scanReport(path.join(REPO_ROOT, 'fixtures/php-laravel-migrations'));
});

const MIGRATIONS = 'database/migrations/';

describe('Laravel migrations (fixtures/php-laravel-migrations)', () => {
  it('declares the tables Schema::create makes and the columns its Blueprint callback and Schema::table add', () => {
    const tables = report.assets.filter((a) => a.kind === 'table').map((a) => [a.id, a.columns, a.locations.map((l) => `${l.file.replace(MIGRATIONS, '')}:${l.line}`)]);
    expect(tables).toEqual([
      // bigIncrements('id'), morphs('auditable') -> auditable_id and auditable_type; the index declares nothing.
      ['table:audit_events', ['auditable_id', 'auditable_type', 'created_at', 'event', 'id', 'ip_address', 'new_values', 'old_values', 'user_agent'], [
        '2019_08_19_000000_create_audit_events_table.php:12',
      ]],
      ['table:customer_archive', ['deleted_at', 'email', 'id'], ['2024_05_20_080000_archive_deleted_customers.php:11']],
      // id(), timestamps(), softDeletes(), rememberToken() declare their default columns; Schema::table adds iban,
      // tax_id and, renaming phone, phone_number (its down() drops them, which declares none).
      ['table:customers', [
        'account_manager_id', 'created_at', 'date_of_birth', 'deleted_at', 'email', 'iban', 'id', 'phone', 'phone_number', 'remember_token',
        'tax_id', 'updated_at',
      ], [
        '2024_01_10_000000_create_customers_table.php:11', '2024_03_02_120000_add_billing_fields_to_customers_table.php:11',
        '2024_03_02_120000_add_billing_fields_to_customers_table.php:20', '2024_05_20_080000_archive_deleted_customers.php:9',
      ]],
      // Schema::connection('audit')->create(...): on another connection, the same declaration.
      ['table:login_events', ['created_at', 'email', 'id', 'ip', 'succeeded', 'updated_at'], ['2024_06_01_090000_create_login_events_table.php:12']],
    ]);
    expect(report.assets.find((a) => a.id === 'table:customers')?.columnCategories).toMatchObject({
      email: ['user.contact.email'], iban: ['user.financial.bank_account'], date_of_birth: ['user.demographic.date_of_birth'],
    });
  });

  it('reads the methods of anonymous migration classes: the data migration is two jobs', () => {
    expect(report.jobs.map((j) => `${j.kind} ${j.unit}: ${j.inputs.join(', ')} -> ${j.outputs.join(', ')}`)).toEqual([
      'sql anonymous_class_7.up: table:customers -> table:customer_archive',
      'function anonymous_class_7.up:  -> table:customers',
    ]);
    expect(report.gaps).toEqual([]);
  });
});
