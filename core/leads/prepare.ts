/**
 * One lead's raw text -> stored fields, warnings and blocking errors. Shared by leads.create
 * and the import so both apply the same rules; pure, so imports can run it in a worker.
 */
import { tr } from '../language';
import { geocodeLead } from './geocoding';
import { parseLeadDate } from './dates';
import { normaliseCivility, normaliseEmail, normaliseName, normalisePhone, normalisePostalCode, normaliseText, readConsent, type Normalised } from './normalize';
import type { LeadFields } from './schema';

/** The fields a file column (or a form) can fill, all as text. */
export const RAW_FIELDS = [
  'civility', 'firstName', 'lastName', 'fullName', 'phone', 'mobile', 'email', 'company', 'companySize', 'address', 'postalCode', 'city', 'country',
  'receivedAt', 'source', 'channel', 'campaign', 'product', 'comment', 'consent',
] as const;
export type RawField = (typeof RAW_FIELDS)[number];
export type RawLead = Partial<Record<RawField, string>>;

export interface PrepareOptions {
  now: number;
  /** Source written on leads whose row names none (the import's source name). */
  defaultSource?: string;
  /** How consent was collected, for the consent record ("import leads.csv"). */
  consentHow?: string;
}

/** A problem with one field; `field` names the lead field (lastName, phone...). */
export interface Issue {
  field: string;
  message: string;
}

export interface PreparedLead {
  fields: LeadFields;
  warnings: Issue[];
  errors: Issue[];
}

function take<T>(field: string, result: Normalised<T>, fallback: T, warnings: Issue[], problems: Issue[]): T {
  if ('error' in result) {
    problems.push({ field, message: result.error });
    return fallback;
  }
  if (result.warning) warnings.push({ field, message: result.warning });
  return result.value;
}

function names(raw: RawLead): { first: string; last: string } {
  let first = raw.firstName ?? '';
  let last = raw.lastName ?? '';
  if (!first.trim() && !last.trim() && raw.fullName?.trim()) {
    // "Jean Dupont": the last word is taken as the last name, as French forms write it.
    const parts = raw.fullName.trim().split(/\s+/);
    last = parts.pop()!;
    first = parts.join(' ');
  }
  return { first: normaliseName(first), last: normaliseName(last) };
}

function contact(raw: RawLead, country: string, warnings: Issue[], errors: Issue[]): { phone: string; email: string } {
  const phoneProblems: Issue[] = [];
  const emailProblems: Issue[] = [];
  let phone = take('phone', normalisePhone(raw.phone ?? '', country), '', warnings, phoneProblems);
  if (!phone && raw.mobile?.trim()) phone = take('phone', normalisePhone(raw.mobile, country), '', warnings, phoneProblems);
  const email = take('email', normaliseEmail(raw.email ?? ''), '', warnings, emailProblems);
  // A bad phone is only a warning when the e-mail still lets someone reach the person.
  if (phone || email) warnings.push(...phoneProblems, ...emailProblems);
  else if (phoneProblems.length || emailProblems.length) errors.push(...phoneProblems, ...emailProblems);
  else errors.push({ field: 'phone', message: tr('No way to contact: neither phone nor e-mail', 'Aucun moyen de contact : ni téléphone ni e-mail') });
  return { phone, email };
}

function receivedAt(raw: RawLead, now: number, warnings: Issue[]): number {
  const text = raw.receivedAt?.trim() ?? '';
  if (!text) return now;
  const t = parseLeadDate(text);
  if (t === null) {
    warnings.push({ field: 'receivedAt', message: tr(`Date "${text}" not understood; the import time is used`, `Date « ${text} » non comprise ; l’heure de l’import est retenue`) });
    return now;
  }
  return t;
}

function companySize(raw: RawLead, warnings: Issue[]): number | null {
  const text = raw.companySize?.trim().replace(/\s/g, '') ?? '';
  if (!text) return null;
  if (/^\d{1,7}$/.test(text)) return Number(text);
  warnings.push({ field: 'companySize', message: tr(`Company size "${text}" is not a number`, `Effectif « ${text} » n’est pas un nombre`) });
  return null;
}

export function prepareLead(raw: RawLead, options: PrepareOptions): PreparedLead {
  const warnings: Issue[] = [];
  const errors: Issue[] = [];
  const country = (raw.country?.trim().toUpperCase() || 'FR').slice(0, 2);
  const { first, last } = names(raw);
  const company = normaliseText(raw.company ?? '', 160);
  if (!first && !last && !company) errors.push({ field: 'lastName', message: tr('No name and no company', 'Ni nom ni société') });
  const { phone, email } = contact(raw, country, warnings, errors);
  const postalCode = take('postalCode', normalisePostalCode(raw.postalCode ?? '', country), '', warnings, warnings);
  const city = normaliseName(raw.city ?? '');
  const geo = geocodeLead(postalCode, city, country);
  const at = receivedAt(raw, options.now, warnings);
  const consent = readConsent(raw.consent ?? '');
  const fields: LeadFields = {
    civility: normaliseCivility(raw.civility ?? ''),
    firstName: first,
    lastName: last,
    phone,
    email,
    company,
    companySize: companySize(raw, warnings),
    address: normaliseText(raw.address ?? '', 200),
    postalCode,
    city,
    country,
    ...geo,
    source: normaliseText(raw.source ?? '', 80) || (options.defaultSource ?? ''),
    channel: normaliseText(raw.channel ?? '', 80),
    campaign: normaliseText(raw.campaign ?? '', 120),
    product: normaliseText(raw.product ?? '', 80),
    comment: normaliseText(raw.comment ?? '', 4000),
    consentAt: consent.given ? at : null,
    consentHow: consent.given ? (options.consentHow ?? '') : '',
    consentFor: consent.given ? consent.purpose || tr('commercial contact', 'contact commercial') : '',
    receivedAt: at,
  };
  return { fields, warnings, errors };
}
