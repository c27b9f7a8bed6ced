/**
 * Names that only look sensitive in real code, found by scanning the Python standard library and a large SDK:
 * network addresses and networks, parser tokens, program elements' full names, file and OS handles, switches
 * about certificates; upper-case constants holding text written in the code; and bare calls named like data
 * (`zip(a, b)`). Each used to make hundreds of flows. The sensitive names next to them still count.
 */
import { describe, expect, it } from 'vitest';
import { categoriesOfName, classifyName } from '../src/classify/names.js';
import type { Report } from '../src/report/json/schema.js';
import { scanReport } from './helpers/scan.js';
import { writeTree } from './helpers/tree.js';

describe('names that only look sensitive', () => {
  it.each([
    'portserver_address', 'server.server_address', 'self.network_address', 'bind_address', 'ip_bits', 'ipv6_network',
    'peek_token', 'e.next_token', 'self.xsrf_token', 'token_index',
    'message_descriptor.full_name', 'enum.full_name', 'desc.full_name', 'field.full_name', 'cls.display_name',
    'handle', 'timer_handle', 'self._handle', 'disable_ssl_certificate_validation', 'skip_cert_check', 'cert_validator',
    'client_request_token', 'kwargs.client_token', 'certificate_arn', 'params.credentialsArn', 'EmailConfiguration',
    'password_reuse_prevention', 'fake_secret', 'token_normalize_func', 'EMAIL_RE', 'elastic_address', 'create_api_key',
    'expression_token_list', 'age_limit_sec', 'this.public_certificate_list', 'public_key',
    'tokenizer.token', 'self.lexer.next_tokens', 'zip_longest', 'zip_info', 'zip_basename', 'self.tokenNames',
    'shape.member.name', 'member_shape.type_name', 'member.type_name', 'cert_reqs', 'credential_resolver', 'credential_process', 'acquire_token',
  ])('leaves %s alone', (name) => {
    expect(categoriesOfName(name)).toEqual([]);
  });

  it.each([
    ['address', 'user.contact.address'],
    ['shipping_address', 'user.contact.address'],
    ['remote_addr', 'user.device.ip_address'],
    ['client_ip', 'user.device.ip_address'],
    ['ip_address', 'user.device.ip_address'],
    ['mac_address', 'user.device.device_id'],
    ['access_token', 'user.authorization.credentials'],
    ['token', 'user.authorization.credentials'],
    ['user.full_name', 'user.name'],
    ['event.full_name', 'user.name'],
    ['customer.display_name', 'user.name'],
    ['twitter_handle', 'user.account.username'],
    ['author.handle', 'user.account.username'],
    ['client_cert', 'user.authorization.credentials'],
    ['secret_string', 'user.authorization.credentials'],
    ['reset_token', 'user.authorization.credentials'],
    ['new_password', 'user.authorization.password'],
    ['api_key', 'user.authorization.credentials'],
    ['email_identity', 'user.contact.email'],
    ['refresh_token', 'user.authorization.credentials'],
    ['zip', 'user.contact.address.postal_code'],
    ['billing_zip', 'user.contact.address.postal_code'],
    ['zip_code', 'user.contact.address.postal_code'],
    ['request_token', 'user.authorization.credentials'],
    ['decoded_token', 'user.authorization.credentials'],
    ['member.name', 'user.name'],
  ])('still classifies %s', (name, category) => {
    expect(categoriesOfName(name)).toEqual([category]);
  });

  it('says which ignore rule applied, with its context', () => {
    expect(classifyName('descriptor.full_name').ignored).toMatch(/looks like user.name but the name of a program element/);
    expect(classifyName('listen_address').ignored).toMatch(/a network or memory address/);
  });
});

const flowsOf = (report: Report) => report.flows.map((f) => `${f.source.asset ?? f.source.name} -> ${f.sink.kind} ${f.sink.file}:${f.sink.line}`).sort();

describe('names of values that are no data', () => {
  it('an upper-case constant holding text from the code, and bare calls named like data, are no sources', async () => {
    const root = writeTree({
      'builder/yaml_builder.py': [
        'import logging',
        '',
        'log = logging.getLogger(__name__)',
        '_TOKEN_DOCUMENT = "document"',
        'DEFAULT_EMAIL = "noreply@example.com"',
        '',
        '',
        'def push(stack, token_kind):',
        '    if token_kind != _TOKEN_DOCUMENT:',
        '        raise ValueError("expected %s, got %s" % (_TOKEN_DOCUMENT, token_kind))',
        '    log.info("sending from %s", DEFAULT_EMAIL)',
        '',
        '',
        'def pair(keys, values):',
        '    for key, value in zip(keys, values):',
        '        print(key, value)',
        '',
        '',
        'def login_form(request, customer):',
        '    password = ""',
        '    password = request.form.get("password")',
        '    log.debug("password %s", password)',
        '    log.debug("email %s", customer.email())',
        '    print("token", get_token())',
        '',
        '',
        'def seed_admin():',
        '    admin_password = "changeme"',
        '    print("admin password", admin_password)',
        '',
      ].join('\n'),
    });
    // No flow from _TOKEN_DOCUMENT (line 10), DEFAULT_EMAIL (line 11) or zip() (line 16). A lower-case name keeps
    // its name source even when it holds text from the code: `admin_password = "changeme"` is printed.
    expect(flowsOf(await scanReport(root))).toEqual([
      'admin_password -> stdout builder/yaml_builder.py:29',
      'email -> log builder/yaml_builder.py:23',
      'request.form.password -> log builder/yaml_builder.py:22',
      'token -> stdout builder/yaml_builder.py:24',
    ]);
  });
});
