/**
 * The flows the simulator is expected to find in fixtures/demo (its README lists the planted problems), written
 * out by hand against the fixture lines so the policy engine can be tested on them before the simulator lands.
 */
import type { Flow } from '../../src/report/json/schema.js';
import { flow } from './flows.js';

const EMAIL = 'user.contact.email';
const SSN = 'user.government_id.national_identification_number';
const NAME = 'user.name';

const exportUsers = (column: string, name: string, categories: string[]) => ({
  asset: 'table:raw.users', column, name, categories, file: 'etl/export_users.py', line: 22,
});
const crmSync = (column: string, categories: string[]) => ({
  asset: 'table:raw.users', column, name: `$user->${column}`, categories, file: 'web/app/Services/CrmSync.php', line: 20,
});
const vendorPost = { kind: 'third_party', callee: 'requests.post', file: 'etl/export_users.py', line: 25, endLine: 30, target: 'CRM_API_URL' };
const guzzlePost = { kind: 'third_party', callee: 'GuzzleHttp.Client.post', file: 'web/app/Services/CrmSync.php', line: 25, endLine: 31, target: 'https://api.crmvendor.example/v2/contacts' };

export const DEMO_FLOWS: Flow[] = [
  // etl/export_users.py:24 logs the e-mail address of every exported customer.
  flow({
    source: exportUsers('email', 'user.email', [EMAIL]),
    sink: { kind: 'log', callee: 'logging.Logger.info', file: 'etl/export_users.py', line: 24 },
    path: [
      { file: 'etl/export_users.py', line: 22, note: 'pandas.read_sql reads raw.users.email into users' },
      { file: 'etl/export_users.py', line: 23, note: 'user iterates users' },
      { file: 'etl/export_users.py', line: 24, note: 'user.email passed to logger.info' },
    ],
  }),
  // etl/export_users.py:25-30 posts e-mail, name and SSN to the CRM vendor.
  ...([['email', 'user.email', [EMAIL]], ['full_name', 'user.full_name', [NAME]], ['ssn', 'user.ssn', [SSN]]] as const).map(([column, name, categories]) => flow({
    source: exportUsers(column, name, [...categories]),
    sink: vendorPost,
    path: [
      { file: 'etl/export_users.py', line: 22, note: `pandas.read_sql reads raw.users.${column} into users` },
      { file: 'etl/export_users.py', line: 28, note: `${name} in the json body of requests.post` },
    ],
  })),
  // web/app/Http/Controllers/UserController.php:20 writes the e-mail address to the PHP error log.
  flow({
    source: { asset: 'table:raw.users', column: 'email', name: "$user['email']", categories: [EMAIL], file: 'web/app/Http/Controllers/UserController.php', line: 17 },
    sink: { kind: 'log', callee: 'error_log', file: 'web/app/Http/Controllers/UserController.php', line: 20 },
    path: [
      { file: 'web/app/Http/Controllers/UserController.php', line: 17, note: 'PDO query reads raw.users.email' },
      { file: 'web/app/Http/Controllers/UserController.php', line: 19, note: '$user = $stmt->fetch()' },
    ],
  }),
  // web/app/Services/CrmSync.php:25-31 posts e-mail, name and SSN to the CRM vendor.
  ...([['email', [EMAIL]], ['full_name', [NAME]], ['ssn', [SSN]]] as const).map(([column, categories]) => flow({
    source: crmSync(column, [...categories]),
    sink: guzzlePost,
    path: [
      { file: 'web/app/Services/CrmSync.php', line: 20, note: `DB::table('raw.users') selects ${column}` },
      { file: 'web/app/Services/CrmSync.php', line: 27, note: `$user->${column} in the json body` },
    ],
  })),
];
