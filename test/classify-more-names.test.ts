/**
 * Names met in C/C++ and PHP code that the classifier reads: numbered and glued words, salaries, medical
 * information, employers, license keys; and names that only describe a value.
 */
import { describe, expect, it } from 'vitest';
import { categoriesOfName } from '../src/classify/names.js';

describe('name classifier on C/C++ and PHP names', () => {
  it.each([
    ['password1', 'user.authorization.password'],
    ['email2', 'user.contact.email'],
    ['s.thepasswd', 'user.authorization.password'],
    ['newpassword', 'user.authorization.password'],
    ['pi->medical_info', 'user.health_and_medical'],
    ['pi->salaryString', 'user.financial'],
    ['pi->employerName', 'user.workplace'],
    ['license_key', 'user.authorization.credentials'],
  ])('classifies %s', (name, category) => {
    expect(categoriesOfName(name)).toEqual([category]);
  });

  it.each(['s.have_passwd', 's.password_tries', 'password_max_chars', 's.passwd_config2', 'num_passwords', 'company_name'])(
    'leaves %s alone', (name) => {
      expect(categoriesOfName(name)).toEqual([]);
    },
  );
});
