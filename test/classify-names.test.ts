import { describe, expect, it } from 'vitest';
import { categoriesOfName, classifyName, normalizeName, splitAccess } from '../src/classify/names.js';

describe('name normalisation', () => {
  it('folds case styles to snake_case words', () => {
    expect(['customerEmailAddress', 'Customer-Email', 'CUSTOMER_EMAIL', 'HTTPRequestIP', 'cust__ssn'].map(normalizeName)).toEqual([
      'customer_email_address', 'customer_email', 'customer_email', 'http_request_ip', 'cust_ssn',
    ]);
  });

  it('splits access paths into qualifiers and the field', () => {
    expect(splitAccess('user.email')).toEqual({ qualifiers: ['user'], field: 'email' });
    expect(splitAccess('row["SSN"]')).toEqual({ qualifiers: ['row'], field: 'ssn' });
    expect(splitAccess("$user->phoneNumber")).toEqual({ qualifiers: ['user'], field: 'phone_number' });
  });
});

describe('classifyName', () => {
  const cases: Array<[string, string[]]> = [
    ['email', ['user.contact.email']],
    ['user.email', ['user.contact.email']],
    ['customerEmailAddress', ['user.contact.email']],
    ['row["e_mail"]', ['user.contact.email']],
    ['phone_number', ['user.contact.phone_number']],
    ['mobile', ['user.contact.phone_number']],
    ['shipping_address', ['user.contact.address']],
    ['zip_code', ['user.contact.address.postal_code']],
    ['zip', ['user.contact.address.postal_code']],
    ['billing_email_address', ['user.contact.email']],
    ['address_line1', ['user.contact.address.street']],
    ['full_name', ['user.name']],
    ['customer.name', ['user.name']],
    ['ssn', ['user.government_id.national_identification_number']],
    ['user.ssn_last4', ['user.government_id.national_identification_number']],
    ['tax_id', ['user.government_id.national_identification_number']],
    ['passport_no', ['user.government_id.passport_number']],
    ['card_number', ['user.financial.credit_card']],
    ['cvv', ['user.financial.credit_card']],
    ['iban', ['user.financial.bank_account']],
    ['password', ['user.authorization.password']],
    ['api_key', ['user.authorization.credentials']],
    ['access_token', ['user.authorization.credentials']],
    ['diagnosis', ['user.health_and_medical']],
    ['latitude', ['user.location.precise']],
    ['ip_address', ['user.device.ip_address']],
    ['request.remote_addr', ['user.device.ip_address']],
    ['date_of_birth', ['user.demographic.date_of_birth']],
    ['dob', ['user.demographic.date_of_birth']],
    ['gender', ['user.demographic.gender']],
    ['device_id', ['user.device.device_id']],
  ];
  it.each(cases)('%s -> %j', (name, categories) => {
    expect(categoriesOfName(name)).toEqual(categories);
  });

  const notSensitive = [
    'product.name', 'name', 'file_name', 'table_name', 'email_template', 'email_subject', 'password_reset_url',
    'token_type', 'email_verified', 'is_email', 'has_phone', 'email_count', 'hashed_email', 'email_sha256',
    'ssn_encrypted', 'masked_card_number', 'password_hash', 'order_id', 'status', 'created_at', 'amount_cents',
    'country_code', 'ship_date', 'page_token', 'max_tokens', 'latency', 'pipeline', 'shipping', 'description',
    'email_provider', 'passenger_count', 'ipython', 'tip_amount', 'api_key_id',
  ];
  it.each(notSensitive)('%s is not classified', (name) => {
    expect(categoriesOfName(name)).toEqual([]);
  });

  it('says why a sensitive-looking name was ignored', () => {
    expect(classifyName('password_reset_url').ignored).toMatch(/looks like user.authorization.password but/);
    expect(classifyName('hashed_email').ignored).toMatch(/hashed, encrypted/);
  });

  it('gives a reason for every match', () => {
    expect(classifyName('user.email').matches).toEqual([
      { category: 'user.contact.email', reason: "name 'user.email' matches user.contact.email (/e_?mail(_?addr(ess)?)?|mail_?addr(ess)?/ on 'email')" },
    ]);
  });
});
