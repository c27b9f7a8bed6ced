/**
 * Calling a value an object holds (`self._refresh_using()`, a callback its constructor stored) calls that value:
 * the object is not passed to it. When the value is outside the program, what the call returns depends on the value
 * and the arguments, not on the object. Before, it carried the object's data: a credentials object's refresh
 * callback "returned" the credentials, and their expiry time, parsed by a date parser that puts its argument in its
 * errors, made the credentials reach every parse error and debug line (botocore with dateutil: 375 flows, 196 of
 * them that way).
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

const flowsOf = (report: Report) =>
  report.flows.map((f) => `${f.source.name} (${f.source.file}:${f.source.line}) -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort();

describe('callables an object holds', () => {
  it("return what they compute, not the holding object's data", async () => {
    const root = writeTree({
      'auth/timeparse.py': [
        'def parse_expiry(text):',
        '    if not text:',
        '        raise ValueError("not a timestamp: %r" % (text,))',
        '    return text.strip()',
        '',
      ].join('\n'),
      'auth/credentials.py': [
        'import logging',
        '',
        'from auth.timeparse import parse_expiry',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'class RefreshableCredentials:',
        '    def __init__(self, access_key, secret_key, refresh_using):',
        '        self._access_key = access_key',
        '        self._secret_key = secret_key',
        '        self._refresh_using = refresh_using',
        '        self._expiry_time = None',
        '',
        '    def _refresh(self):',
        '        metadata = self._refresh_using()',
        '        self._expiry_time = parse_expiry(metadata["expiry_time"])',
        '        log.debug("credentials expire at %s", self._expiry_time)',
        '        log.debug("refreshed access key %s", metadata["access_key"])',
        '',
        '    def get_frozen_credentials(self):',
        '        self._refresh()',
        '        return (self._access_key, self._secret_key)',
        '',
        '',
        'class AssumeRoleFetcher:',
        '    def __init__(self, source_credentials, role_arn):',
        '        self._source_credentials = source_credentials',
        '        self._role_arn = role_arn',
        '',
        '    def client_args(self):',
        '        frozen = self._source_credentials.get_frozen_credentials()',
        '        return {"role_arn": self._role_arn, "credentials": frozen}',
        '',
      ].join('\n'),
      'auth/provider.py': [
        'import logging',
        '',
        'from auth.credentials import AssumeRoleFetcher, RefreshableCredentials',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def assume_role(sts, profile):',
        '    source = RefreshableCredentials(profile["aws_access_key_id"], profile["aws_secret_access_key"], sts.assume_role)',
        '    args = AssumeRoleFetcher(source, profile["role_arn"]).client_args()',
        '    log.info("assuming role with %s", args)',
        '    return args',
        '',
      ].join('\n'),
    });
    // The callback is a library's (`sts.assume_role`): its result is not the credentials object holding it, so
    // the expiry time it parses and logs (credentials.py:18, timeparse.py:3) is nobody's secret. Before, the
    // credentials object (`source_credentials`) reached both lines and the log of credentials.py:19. What the
    // callback returns is still read through its names (`metadata["access_key"]`), and the frozen credentials the
    // fetcher hands back still reach the log that prints them.
    expect(flowsOf(await scanReport(root))).toEqual([
      'access_key (auth/credentials.py:10) -> log auth/provider.py:11',
      'frozen_credentials (auth/credentials.py:32) -> log auth/provider.py:11',
      'metadata.access_key (auth/credentials.py:19) -> log auth/credentials.py:19',
      'profile.aws_access_key_id (auth/provider.py:9) -> log auth/provider.py:11',
      'profile.aws_secret_access_key (auth/provider.py:9) -> log auth/provider.py:11',
      'secret_key (auth/credentials.py:11) -> log auth/provider.py:11',
    ]);
  });

  it('carry the data of the value called, and methods of untyped members keep their receiver', async () => {
    const root = writeTree({
      'reports/client.py': [
        'import functools',
        'import logging',
        '',
        'import hvac',
        'import requests',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
        'def exchange(api_secret):',
        '    response = requests.post("https://auth.example.com/oauth/token", data={"client_secret": api_secret}, timeout=10)',
        '    return response.json()["access_token"]',
        '',
        '',
        'class ReportClient:',
        '    def __init__(self, load_token, vault_token):',
        '        self._load_token = load_token',
        '        self._vault = hvac.Client(url="https://vault.internal", token=vault_token)',
        '',
        '    def headers(self):',
        '        return {"Authorization": "Bearer " + self._load_token()}',
        '',
        '    def settings(self):',
        '        return self._vault.lookup("kv/reports")',
        '',
        '',
        'def daily_report(api_secret, vault_token):',
        '    client = ReportClient(functools.partial(exchange, api_secret), vault_token)',
        '    log.info("report settings %s", client.settings())',
        '    log.debug("calling the reports API with %s", client.headers())',
        '    return requests.get("https://reports.example.com/v1/daily", headers=client.headers(), timeout=10)',
        '',
      ].join('\n'),
    });
    // `self._load_token()` calls the partial holding `api_secret`: what it returns depends on it (line 30; before,
    // the call's result was the client object's data, which holds no secret). `self._vault.lookup(...)` is a method
    // of a library object the client holds: its result still depends on that object, made with the vault token.
    expect(flowsOf(await scanReport(root))).toEqual([
      'api_secret (reports/client.py:11) -> third_party reports/client.py:11',
      'api_secret (reports/client.py:28) -> log reports/client.py:30',
      'vault_token (reports/client.py:18) -> log reports/client.py:29',
      'vault_token (reports/client.py:28) -> log reports/client.py:29',
    ]);
  });
});
