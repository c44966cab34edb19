/**
 * Field normalisers shared by manual entry and import, so a lead typed by a qualifier and a
 * lead read from a spreadsheet are stored alike. Pure functions: no database, usable from a
 * worker thread.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { tr } from '../language';

export type Normalised<T> = { value: T; warning?: string } | { error: string };

/** Phone numbers to E.164 ("+33612345678"); French numbers need no country prefix. */
export function normalisePhone(raw: string, country = 'FR'): Normalised<string> {
  const trimmed = raw.trim();
  if (!trimmed) return { value: '' };
  const digits = trimmed.replace(/[\s.\-()/]/g, '');
  // A spreadsheet that stored the number as a number drops the leading 0 ("6 12 34 56 78").
  const lostZero = country === 'FR' && /^[1-9]\d{8}$/.test(digits);
  const fast = country === 'FR' ? frenchE164(lostZero ? '0' + digits : digits) : null;
  if (fast && !lostZero) return { value: fast };
  const parsed = fast ? { number: fast, isValid: () => true } : parsePhoneNumberFromString(lostZero ? '0' + digits : trimmed, country as CountryCode);
  if (!parsed || !parsed.isValid()) return { error: tr(`"${trimmed}" is not a valid phone number`, `« ${trimmed} » n’est pas un numéro de téléphone valide`) };
  if (lostZero) return { value: parsed.number, warning: tr(`Phone "${trimmed}" had lost its leading 0`, `Le téléphone « ${trimmed} » avait perdu son 0 initial`) };
  return { value: parsed.number };
}

/**
 * The common French shapes without libphonenumber (about 20x faster on a 100k-row import).
 * Its FR metadata accepts exactly [1-9] + 8 digits as a national number, so the answers agree.
 */
function frenchE164(digits: string): string | null {
  const m = /^(?:0|\+33|0033)([1-9]\d{8})$/.exec(digits);
  return m ? '+33' + m[1] : null;
}

const EMAIL = /^[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-z]{2,}$/;

export function normaliseEmail(raw: string): Normalised<string> {
  const value = raw
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  if (!value) return { value: '' };
  if (value.length > 254 || !EMAIL.test(value) || value.includes('..')) return { error: tr(`"${raw.trim()}" is not a valid e-mail address`, `« ${raw.trim()} » n’est pas une adresse e-mail valide`) };
  return { value };
}

/** 5 digits; a code that lost its leading zero in a spreadsheet ("1000") gets it back. */
export function normalisePostalCode(raw: string, country = 'FR'): Normalised<string> {
  const value = raw.trim().replace(/\s/g, '');
  if (!value || country !== 'FR') return { value };
  if (/^\d{5}$/.test(value)) return { value };
  if (/^\d{4}$/.test(value)) return { value: '0' + value, warning: tr(`Postal code "${value}" had lost its leading 0`, `Le code postal « ${value} » avait perdu son 0 initial`) };
  return { error: tr(`"${raw.trim()}" is not a French postal code`, `« ${raw.trim()} » n’est pas un code postal français`) };
}

const PARTICLES = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'van', 'von', 'der']);

/**
 * "jean-pierre DUPONT" -> "Jean-Pierre Dupont". Text typed in mixed case ("McAllister",
 * "de La Tour") is taken to be deliberate and kept.
 */
export function normaliseName(raw: string): string {
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) return value;
  return value.toLowerCase().replace(/[\p{L}]+/gu, (word, offset: number) => {
    if (offset > 0 && PARTICLES.has(word) && value[offset - 1] === ' ') return word;
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
}

const CIVILITIES: Record<string, string> = {
  m: 'M.',
  mr: 'M.',
  monsieur: 'M.',
  mister: 'M.',
  mme: 'Mme',
  madame: 'Mme',
  mrs: 'Mme',
  ms: 'Mme',
  mlle: 'Mme',
  mademoiselle: 'Mme',
  miss: 'Mme',
};

export function normaliseCivility(raw: string): string {
  const key = raw.trim().toLowerCase().replace(/\./g, '');
  // Own keys only: "constructor" or "__proto__" in a file must not reach Object.prototype.
  return Object.hasOwn(CIVILITIES, key) ? CIVILITIES[key]! : raw.trim();
}

/** Free text: trimmed, inner runs of blanks kept (comments may have line breaks). */
export function normaliseText(raw: string, max: number): string {
  return raw.trim().slice(0, max);
}

const YES = new Set(['oui', 'yes', 'y', 'o', '1', 'true', 'vrai', 'x', 'ok']);
const NO = new Set(['non', 'no', 'n', '0', 'false', 'faux', '']);

/** A consent cell: yes / no, or the purpose it was given for ("newsletter"). */
export function readConsent(raw: string): { given: boolean; purpose: string } {
  const key = raw.trim().toLowerCase();
  if (YES.has(key)) return { given: true, purpose: '' };
  if (NO.has(key)) return { given: false, purpose: '' };
  return { given: true, purpose: raw.trim() };
}

/** Country names French and English files write, folded, -> ISO code. */
const COUNTRIES: Record<string, string> = {
  france: 'FR',
  'france metropolitaine': 'FR',
  fra: 'FR',
  belgique: 'BE',
  belgium: 'BE',
  bel: 'BE',
  suisse: 'CH',
  switzerland: 'CH',
  che: 'CH',
  luxembourg: 'LU',
  lux: 'LU',
  monaco: 'MC',
  mco: 'MC',
  allemagne: 'DE',
  germany: 'DE',
  deu: 'DE',
  espagne: 'ES',
  spain: 'ES',
  esp: 'ES',
  italie: 'IT',
  italy: 'IT',
  ita: 'IT',
  andorre: 'AD',
  andorra: 'AD',
  portugal: 'PT',
  prt: 'PT',
  'royaume uni': 'GB',
  'united kingdom': 'GB',
  uk: 'GB',
  angleterre: 'GB',
  england: 'GB',
  gbr: 'GB',
  'pays bas': 'NL',
  netherlands: 'NL',
  nld: 'NL',
};

/** A country cell: an ISO code ("FR", "be") or a name ("France", "Belgique"); empty means France. */
export function readCountry(raw: string): Normalised<string> {
  const text = raw.trim();
  if (!text) return { value: 'FR' };
  if (/^[a-z]{2}$/i.test(text)) return { value: text.toUpperCase() };
  const key = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (Object.hasOwn(COUNTRIES, key)) return { value: COUNTRIES[key]! };
  return { value: 'FR', warning: tr(`Country "${text}" not recognised; France assumed`, `Pays « ${text} » non reconnu ; France retenue`) };
}
