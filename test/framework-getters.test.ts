/**
 * Methods of a framework's user objects that return columns of the row (`request.user.get_full_name()`,
 * `$request->user()->getEmailForVerification()`): the call is those columns, not the whole row.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flows = (report: Report) => report.flows.map((f) => `${f.sink.line} ${f.sink.kind} <- ${f.source.asset ?? f.source.name}${f.source.column ? `.${f.source.column}` : ' (whole rows)'}`);

const VIEWS = [
  'import logging',
  '',
  'from django.http import JsonResponse',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def profile(request):',
  '    log.info("profile viewed by %s", request.user.get_full_name())',
  '    greeting = "Hello " + request.user.get_short_name()',
  '    log.debug(greeting)',
  '    return JsonResponse({"ok": True})',
  '',
].join('\n');

const CONTROLLER = [
  '<?php',
  '',
  'namespace App\\Http\\Controllers;',
  '',
  'use Illuminate\\Http\\Request;',
  'use Illuminate\\Support\\Facades\\Http;',
  '',
  'class VerificationController extends Controller',
  '{',
  '    public function resend(Request $request)',
  '    {',
  "        Http::post('https://mail.vendor.example/v3/verify', ['to' => $request->user()->getEmailForVerification()]);",
  "        return response()->json(['sent' => true]);",
  '    }',
  '}',
  '',
].join('\n');

const OWN_USER = [
  '<?php',
  '',
  'namespace App\\Models;',
  '',
  'use Illuminate\\Foundation\\Auth\\User as Authenticatable;',
  'use Illuminate\\Notifications\\Notifiable;',
  '',
  'class User extends Authenticatable',
  '{',
  '    use Notifiable;',
  '',
  "    protected $fillable = ['name', 'email', 'password'];",
  '',
  "    protected $hidden = ['password', 'remember_token'];",
  '}',
  '',
].join('\n');

const OWN_USER_CONTROLLER = [
  '<?php',
  '',
  'namespace App\\Http\\Controllers;',
  '',
  'use App\\Models\\User;',
  'use Illuminate\\Http\\Request;',
  'use Illuminate\\Support\\Facades\\Http;',
  'use Illuminate\\Support\\Facades\\Log;',
  '',
  'class VerificationController extends Controller',
  '{',
  '    public function resend(Request $request)',
  '    {',
  "        Http::post('https://mail.vendor.example/v3/verify', ['to' => $request->user()->getEmailForVerification()]);",
  "        return response()->json(['sent' => true]);",
  '    }',
  '',
  '    public function remind(int $id)',
  '    {',
  '        $user = User::findOrFail($id);',
  "        Log::info('reset requested for ' . $user->getEmailForPasswordReset());",
  '    }',
  '}',
  '',
].join('\n');

const USERS_MIGRATION = [
  '<?php',
  '',
  'use Illuminate\\Database\\Migrations\\Migration;',
  'use Illuminate\\Database\\Schema\\Blueprint;',
  'use Illuminate\\Support\\Facades\\Schema;',
  '',
  'return new class extends Migration',
  '{',
  '    public function up(): void',
  '    {',
  "        Schema::create('users', function (Blueprint $table) {",
  '            $table->id();',
  "            $table->string('name');",
  "            $table->string('email')->unique();",
  "            $table->timestamp('email_verified_at')->nullable();",
  "            $table->string('password');",
  '            $table->rememberToken();',
  '            $table->timestamps();',
  '        });',
  '    }',
  '};',
  '',
].join('\n');

const ACCOUNT_MODEL = [
  'from django.contrib.auth.models import AbstractUser',
  'from django.db import models',
  '',
  '',
  'class Account(AbstractUser):',
  '    phone = models.CharField(max_length=32, blank=True)',
  '    date_of_birth = models.DateField(null=True)',
  '',
  '    def get_short_name(self):',
  '        return self.username',
  '',
].join('\n');

const ACCOUNT_VIEWS = [
  'import logging',
  '',
  'from .models import Account',
  '',
  'log = logging.getLogger(__name__)',
  '',
  '',
  'def welcome(account_id):',
  '    account = Account.objects.get(pk=account_id)',
  '    log.info("welcome %s", account.get_full_name())',
  '    log.info("short %s", account.get_short_name())',
  '',
].join('\n');

describe('getters of framework user objects', () => {
  it('Django: get_full_name() is the first and last name, get_short_name() the first name', async () => {
    const report = await scanReport(writeTree({ 'accounts/views.py': VIEWS }));
    // Before, each call was the whole auth_user row (password included).
    expect(flows(report)).toEqual([
      '9 log <- table:auth_user.first_name',
      '9 log <- table:auth_user.last_name',
      '11 log <- table:auth_user.first_name',
    ]);
  });

  it('Laravel: getEmailForVerification() is the email', async () => {
    const report = await scanReport(writeTree({ 'app/Http/Controllers/VerificationController.php': CONTROLLER }));
    expect(flows(report)).toEqual(['12 third_party <- table:users.email']);
  });

  it("Laravel: the program's own User model (extends Authenticatable) has the getters it does not define", async () => {
    const report = await scanReport(writeTree({
      'app/Models/User.php': OWN_USER,
      'app/Http/Controllers/VerificationController.php': OWN_USER_CONTROLLER,
      'database/migrations/2014_10_12_000000_create_users_table.php': USERS_MIGRATION,
    }));
    // Before, each call was the whole users row.
    expect(flows(report)).toEqual(['14 third_party <- table:users.email', '21 log <- table:users.email']);
  });

  it('Django: a custom user model (extends AbstractUser) has the getters it does not define, its own where it does', async () => {
    const report = await scanReport(writeTree({ 'accounts/__init__.py': '', 'accounts/models.py': ACCOUNT_MODEL, 'accounts/views.py': ACCOUNT_VIEWS }));
    // Its `get_short_name()` returns the username, not Django's first name.
    expect(flows(report)).toEqual([
      '10 log <- table:accounts_account.last_name',
      '10 log <- table:accounts_account.first_name',
      '11 log <- table:accounts_account.username',
    ]);
  });
});
