/**
 * Value detectors: what sample values of a column look like (e-mail addresses, phone numbers, US SSNs, card
 * numbers, IBANs, IP and MAC addresses, dates of birth, cloud API keys), with checksums and validity rules so that
 * look-alikes are told apart ("37 of 40 non-empty values are valid Luhn card numbers"). Deterministic, no I/O.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface ValueDetector {
  id: string;
  category: string;
  /** Plural noun phrase for reasons: "valid Luhn card numbers". */
  label: string;
  /** Values that pass every rule. */
  valid(value: string): boolean;
  /** Values shaped like one but failing a check (checksum, reserved ranges), when the detector can tell. */
  nearMiss?(value: string): boolean;
  nearMissLabel?: string;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

/** A phone number as written by people: separators or a leading +, 10 to 15 digits (E.164 allows 15). */
function isPhone(value: string): boolean {
  if (!/^\+?[\d\s().-]{7,24}$/.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 10 || digits.length > 15) return false;
  return value.startsWith('+') || /[\s().-]/.test(value);
}

const SSN = /^(\d{3})-(\d{2})-(\d{4})$/;

/** US SSN rules: area not 000, 666 or 900-999; group not 00; serial not 0000. */
function ssnParts(value: string): { valid: boolean } | null {
  const match = SSN.exec(value);
  if (!match) return null;
  const area = Number(match[1]);
  const valid = area !== 0 && area !== 666 && area < 900 && match[2] !== '00' && match[3] !== '0000';
  return { valid };
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer prefixes (IIN ranges) and the lengths each network issues. */
const CARD_NETWORKS: Array<{ ranges: Array<[number, number, number]>; lengths: number[] }> = [
  { ranges: [[4, 4, 1]], lengths: [13, 16, 19] }, // Visa
  { ranges: [[51, 55, 2], [2221, 2720, 4]], lengths: [16] }, // Mastercard
  { ranges: [[34, 34, 2], [37, 37, 2]], lengths: [15] }, // American Express
  { ranges: [[6011, 6011, 4], [644, 649, 3], [65, 65, 2]], lengths: [16, 17, 18, 19] }, // Discover
  { ranges: [[3528, 3589, 4]], lengths: [16, 17, 18, 19] }, // JCB
  { ranges: [[300, 305, 3], [36, 36, 2], [38, 39, 2]], lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { ranges: [[62, 62, 2]], lengths: [16, 17, 18, 19] }, // UnionPay
  { ranges: [[50, 50, 2], [56, 69, 2]], lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
];

function cardDigits(value: string): string | null {
  if (!/^\d[\d -]{10,22}\d$/.test(value)) return null;
  const digits = value.replace(/[ -]/g, '');
  return digits.length >= 12 && digits.length <= 19 ? digits : null;
}

function knownIssuer(digits: string): boolean {
  return CARD_NETWORKS.some((network) => network.lengths.includes(digits.length)
    && network.ranges.some(([low, high, width]) => {
      const prefix = Number(digits.slice(0, width));
      return prefix >= low && prefix <= high;
    }));
}

/** IBAN lengths by country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

function ibanShape(value: string): string | null {
  const compact = value.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return null;
  return IBAN_LENGTHS[compact.slice(0, 2)] === compact.length ? compact : null;
}

/** ISO 7064 mod 97-10 over the rearranged IBAN, computed piecewise (no big integers). */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : ch;
    for (const digit of chunk) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const MAC = /^(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;

/** Plausible dates of birth: a real calendar date in 1900..2015 (ISO, US or European notation). */
function isBirthDate(value: string): boolean {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return false;
  if (y < 1900 || y > 2015 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export const DETECTORS: readonly ValueDetector[] = [
  { id: 'email', category: 'user.contact.email', label: 'e-mail addresses', valid: (v) => EMAIL.test(v) },
  {
    id: 'ssn', category: 'user.government_id.national_identification_number', label: 'valid US social security numbers',
    valid: (v) => ssnParts(v)?.valid === true, nearMiss: (v) => ssnParts(v)?.valid === false,
    nearMissLabel: 'have the SSN shape but an invalid area, group or serial number',
  },
  {
    id: 'credit-card', category: 'user.financial.credit_card', label: 'valid Luhn card numbers',
    valid: (v) => { const d = cardDigits(v); return d !== null && knownIssuer(d) && luhn(d); },
    nearMiss: (v) => { const d = cardDigits(v); return d !== null && knownIssuer(d) && !luhn(d); },
    nearMissLabel: 'look like card numbers but fail the Luhn check',
  },
  {
    id: 'iban', category: 'user.financial.bank_account', label: 'valid IBANs',
    valid: (v) => { const i = ibanShape(v); return i !== null && ibanChecksumOk(i); },
    nearMiss: (v) => { const i = ibanShape(v); return i !== null && !ibanChecksumOk(i); },
    nearMissLabel: 'look like IBANs but fail the mod-97 check',
  },
  { id: 'phone', category: 'user.contact.phone_number', label: 'phone numbers', valid: isPhone },
  { id: 'ip', category: 'user.device.ip_address', label: 'IP addresses (IPv4 or IPv6)', valid: (v) => isIPv4(v) || isIPv6(v) },
  { id: 'mac', category: 'user.device.device_id', label: 'MAC addresses', valid: (v) => MAC.test(v) },
  { id: 'date-of-birth', category: 'user.demographic.date_of_birth', label: 'calendar dates between 1900 and 2015 (plausible dates of birth)', valid: isBirthDate },
  { id: 'aws-access-key', category: 'user.authorization.credentials', label: 'AWS access key ids', valid: (v) => /^(?:AKIA|ASIA)[A-Z0-9]{16}$/.test(v) },
  { id: 'google-api-key', category: 'user.authorization.credentials', label: 'Google API keys', valid: (v) => /^AIza[0-9A-Za-z_-]{35}$/.test(v) },
];

export type Confidence = 'high' | 'medium' | 'low';

export interface ValueMatch {
  detector: string;
  category: string;
  confidence: Confidence;
  valid: number;
  nonEmpty: number;
  reason: string;
}

const EMPTY = new Set(['', 'null', 'none', 'nan', 'n/a', '\\n']);

/** Below this share of valid values a column is not proposed at all. */
export const MIN_SHARE = 0.5;

function confidenceOf(share: number): Confidence {
  return share >= 0.9 ? 'high' : share >= 0.7 ? 'medium' : 'low';
}

/** The best detector for a column's values, if at least half of the non-empty values pass it. */
export function classifyValues(values: readonly string[]): ValueMatch | null {
  const present = values.map((v) => v.trim()).filter((v) => !EMPTY.has(v.toLowerCase()));
  if (present.length === 0) return null;
  let best: ValueMatch | null = null;
  for (const detector of DETECTORS) {
    const valid = present.filter((v) => detector.valid(v)).length;
    if (valid === 0 || valid / present.length < MIN_SHARE || (best && valid <= best.valid)) continue;
    const near = detector.nearMiss ? present.filter((v) => detector.nearMiss!(v)).length : 0;
    const nearText = near > 0 ? `; ${near} more ${detector.nearMissLabel}` : '';
    let confidence = confidenceOf(valid / present.length);
    // Dates alone are weak evidence of a birth date: never more than medium from values.
    if (detector.id === 'date-of-birth' && confidence === 'high') confidence = 'medium';
    best = {
      detector: detector.id, category: detector.category, confidence, valid, nonEmpty: present.length,
      reason: `${valid} of ${present.length} non-empty values are ${detector.label}${nearText}`,
    };
  }
  return best;
}
