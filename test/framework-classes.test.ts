/**
 * Classes a framework maps to its own tables, which a program imports or gets from a call instead of declaring
 * them: Django's `User` (`auth_user`) and `Group` (`auth_group`), `get_user_model()` and `request.user`, and
 * Laravel's signed-in user; each is the program's own user model when it has one.
 */
import { describe, expect, it } from 'vitest';
import { columnLineageOf, flowLines } from './helpers/report-lines.js';
import { CUSTOM_USER_MODEL } from './helpers/django-apps.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('framework classes', () => {
  it('reads Django\'s user table through an imported User, by name and by position of values_list', async () => {
    const report = await scanReport(writeTree({
      'staff/__init__.py': '',
      'staff/digest.py': [
        'import logging',
        'import requests',
        'from django.contrib.auth.models import Group, User',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def subscribe_staff():',
        '    for email, first_name in User.objects.filter(is_staff=True).values_list("email", "first_name"):',
        '        requests.post("https://lists.example.com/members", json={"email": email, "name": first_name}, timeout=5)',
        '',
        'def dormant():',
        '    for user in User.objects.filter(last_login__isnull=True):',
        '        log.warning("never logged in: %s", user.username)',
        '',
        'def groups():',
        '    log.info("groups: %s", Group.objects.values_list("name", flat=True))',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'staff/digest.py:9 third_party <- table:auth_user.email',
      'staff/digest.py:9 third_party <- table:auth_user.first_name',
      'staff/digest.py:13 log <- table:auth_user.username',
    ]);
    expect(columnLineageOf(report, 'subscribe_staff')).toEqual(['email <- table:auth_user.email', 'name <- table:auth_user.first_name']);
    const users = report.assets.find((a) => a.id === 'table:auth_user');
    expect(users?.columns).toEqual([
      'date_joined', 'email', 'first_name', 'id', 'is_active', 'is_staff', 'is_superuser', 'last_login', 'last_name', 'password', 'username',
    ]);
    // Named where the program imports it (the framework declares it), and where it is read.
    expect(users?.locations).toEqual([{ file: 'staff/digest.py', line: 3 }, { file: 'staff/digest.py', line: 7 }]);
    expect(report.assets.find((a) => a.id === 'table:auth_group')?.columns).toEqual(['id', 'name']);
  });

  it('takes get_user_model() for Django\'s user without a user model of the program, and writes create_user\'s arguments as columns', async () => {
    const report = await scanReport(writeTree({
      'staff/__init__.py': '',
      'staff/invite.py': [
        'import csv',
        'import logging',
        'from django.contrib.auth import get_user_model',
        '',
        'User = get_user_model()',
        '',
        'def import_agents():',
        '    with open("imports/agents.csv") as f:',
        '        for row in csv.DictReader(f):',
        '            User.objects.create_user(row["login"], row["email"], first_name=row["name"])',
        '',
        'def audit():',
        '    for user in get_user_model().objects.filter(is_superuser=True):',
        '        logging.info("superuser %s <%s>", user.username, user.email)',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual(['staff/invite.py:14 log <- table:auth_user.username', 'staff/invite.py:14 log <- table:auth_user.email']);
    const importer = report.jobs.find((j) => j.unit === 'import_agents')!;
    expect(importer.outputs).toEqual(['table:auth_user']);
    expect(columnLineageOf(report, 'import_agents')).toEqual([
      'email <- file:imports/agents.csv.email', 'first_name <- file:imports/agents.csv.name', 'username <- file:imports/agents.csv.login',
    ]);
  });

  it('takes get_user_model() for the program\'s own user model when it has one, and lists no auth_user', async () => {
    const report = await scanReport(writeTree({
      'accounts/__init__.py': '',
      'accounts/models.py': CUSTOM_USER_MODEL,
      'accounts/reminders.py': [
        'import logging',
        'from django.contrib.auth import get_user_model',
        '',
        'def remind():',
        '    for user in get_user_model().objects.filter(is_active=True):',
        '        logging.info("texting %s", user.phone)',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual(['accounts/reminders.py:6 log <- table:accounts_user.phone']);
    expect(report.assets.some((a) => a.id === 'table:auth_user')).toBe(false);
  });

  it('takes the user model AUTH_USER_MODEL names, whatever its name, for get_user_model() and request.user', async () => {
    const report = await scanReport(writeTree({
      'config/__init__.py': '',
      'config/settings.py': 'AUTH_USER_MODEL = "accounts.Account"\n',
      'accounts/__init__.py': '',
      'accounts/models.py': CUSTOM_USER_MODEL.replace('class User(', 'class Account('),
      'accounts/views.py': [
        'import logging',
        'from django.contrib.auth import get_user_model',
        '',
        'def remind():',
        '    for account in get_user_model().objects.filter(is_active=True):',
        '        logging.info("texting %s", account.phone)',
        '',
        'def whoami(request):',
        '    logging.info("request by %s", request.user.phone)',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual([
      'accounts/views.py:6 log <- table:accounts_account.phone',
      'accounts/views.py:9 log <- table:accounts_account.phone',
    ]);
    expect(report.assets.some((a) => a.id === 'table:auth_user')).toBe(false);
  });

  it('leaves a name the file binds otherwise alone: its own class, or an import of the program\'s', async () => {
    const report = await scanReport(writeTree({
      'accounts/__init__.py': '',
      'accounts/models.py': CUSTOM_USER_MODEL,
      'accounts/export.py': [
        'import logging',
        'from django.contrib.auth import get_user_model',
        'from accounts.models import User',
        '',
        'def export():',
        '    logging.info("%s", get_user_model().objects.values_list("phone"))',
        '    logging.info("%s", User.objects.values_list("email"))',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual(['accounts/export.py:6 log <- table:accounts_user.phone', 'accounts/export.py:7 log <- table:accounts_user.email']);
    expect(report.assets.some((a) => a.id === 'table:auth_user')).toBe(false);
  });

  it('takes request.user in a file that imports Django for the signed-in user, shown by its username', async () => {
    const report = await scanReport(writeTree({
      'web/views.py': [
        'import logging',
        'from django.http import JsonResponse',
        '',
        'log = logging.getLogger(__name__)',
        '',
        'def profile(request):',
        '    log.info("profile viewed by %s <%s>", request.user, request.user.email)',
        '    if request.user.is_authenticated:',
        '        log.info("id %s", request.user.id)',
        '    return JsonResponse({"ok": True})',
        '',
      ].join('\n'),
      // No Django here: a request's `user` is whatever the program put there.
      'jobs/handlers.py': [
        'import logging',
        '',
        'def handle(request):',
        '    logging.info("user %s", request.user.email)',
        '',
      ].join('\n'),
    }));
    expect(report.flows.map((f) => `${f.sink.file}:${f.sink.line} ${f.source.name} ${f.source.asset ?? ''}.${f.source.column ?? '*'} [${f.categories.join(', ')}]`)).toEqual([
      'jobs/handlers.py:4 request.user.email .* [user.contact.email]',
      'web/views.py:7 request.user.email table:auth_user.email [user.contact.email]',
      // Formatted, Django's user shows its username only.
      'web/views.py:7 table:auth_user table:auth_user.* [user.account.username]',
    ]);
    // The path: the user bound at the view's start, then the sink (not hidden by a step of its own at the use).
    expect(report.flows.find((f) => f.source.column === 'email' && f.sink.file === 'web/views.py')?.path.map((p) => `${p.line} ${p.note}`)).toEqual([
      '6 request.user = …', '7 log sink logging.Logger.info',
    ]);
  });

  it('takes a REST framework view\'s self.request.user for the program\'s own user model when it has one', async () => {
    const report = await scanReport(writeTree({
      'accounts/__init__.py': '',
      'accounts/models.py': CUSTOM_USER_MODEL,
      'accounts/api.py': [
        'import logging',
        'from rest_framework.views import APIView',
        'from rest_framework.response import Response',
        '',
        'class Me(APIView):',
        '    def get(self, request):',
        '        logging.info("%s asked for their phone", self.request.user.phone)',
        '        return Response({"ok": True})',
        '',
      ].join('\n'),
    }));
    expect(flowLines(report)).toEqual(['accounts/api.py:7 log <- table:accounts_user.phone']);
    expect(report.assets.some((a) => a.id === 'table:auth_user')).toBe(false);
  });

  it('takes Laravel\'s signed-in user for the program\'s User model, or else Laravel\'s users table', async () => {
    const controller = (extra: string[]) => [
      '<?php',
      'namespace App\\Http\\Controllers;',
      '',
      'use Illuminate\\Http\\Request;',
      'use Illuminate\\Support\\Facades\\Auth;',
      'use Illuminate\\Support\\Facades\\Log;',
      ...extra,
      '',
      'class ProfileController extends Controller',
      '{',
      '    public function show(Request $request)',
      '    {',
      "        Log::info('viewed by ' . Auth::user()->email);",
      "        Log::info('phone ' . $request->user()->phone);",
      "        Log::info('id ' . auth()->id());",
      '    }',
      '}',
      '',
    ].join('\n');
    const own = await scanReport(writeTree({
      'app/Models/User.php': [
        '<?php',
        'namespace App\\Models;',
        '',
        'use Illuminate\\Foundation\\Auth\\User as Authenticatable;',
        '',
        'class User extends Authenticatable',
        '{',
        "    protected $fillable = ['name', 'email', 'password', 'phone'];",
        "    protected $hidden = ['password'];",
        '}',
        '',
      ].join('\n'),
      'app/Http/Controllers/ProfileController.php': controller([]),
    }));
    expect(flowLines(own)).toEqual([
      'app/Http/Controllers/ProfileController.php:12 log <- table:users.email',
      'app/Http/Controllers/ProfileController.php:13 log <- table:users.phone',
    ]);
    expect(own.assets.map((a) => `${a.id} ${a.columns.join(',')}`)).toEqual(['table:users email,name,password,phone']);
    // Without a User model of the program: Laravel's users table, with its columns. It has no phone number: the
    // table's data known by that name, as for a member of any table that its columns do not list.
    const framework = await scanReport(writeTree({ 'app/Http/Controllers/ProfileController.php': controller([]) }));
    expect(flowLines(framework)).toEqual([
      'app/Http/Controllers/ProfileController.php:12 log <- table:users.email',
      'app/Http/Controllers/ProfileController.php:13 log <- table:users.*',
    ]);
    expect(framework.assets.map((a) => `${a.id} ${a.columns.join(',')}`)).toEqual([
      'table:users created_at,email,email_verified_at,id,name,password,remember_token,updated_at',
    ]);
  });
});
