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
});
