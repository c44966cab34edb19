/**
 * One lead's raw text -> stored fields, warnings and blocking errors. Shared by leads.create
 * and the import so both apply the same rules; pure, so imports can run it in a worker.
 */
import { LEAD_FILE_FIELDS, type LeadFileField } from '../../common/import-fields';
import { readDepartement } from '../geo/departements';
import { tr } from '../language';
import { readBudget, readTimeline, type ReadAnswer } from './bant-text';
import { locateLead } from './geocoding';
import { parseLeadDate } from './dates';
import { normaliseCivility, normaliseEmail, normaliseName, normalisePhone, normalisePostalCode, normaliseText, readConsent, readCountry, type Normalised } from './normalize';
import { EMPTY_BANT, type Bant, type ExtraField, type LeadFields } from './schema';

/** The fields a file column (or a form) can fill, all as text (common/import-fields.ts). */
export const RAW_FIELDS = LEAD_FILE_FIELDS;
export type RawField = LeadFileField;
/** A lead as text, and the columns of its row no field took (kept under their headers). */
export type RawLead = Partial<Record<RawField, string>> & { extra?: ExtraField[] };

/**
 * What becomes of a lead with neither postal code nor town: refused (imports, by default), or
 * kept with a warning and left at the head office until someone gives its place.
 */
export type MissingPlace = 'reject' | 'hold';

export interface PrepareOptions {
  now: number;
  /** Source written on leads whose row names none (the import's source name). */
  defaultSource?: string;
  /** How consent was collected, for the consent record ("import leads.csv"). */
  consentHow?: string;
  /** Default 'hold': a form says so to the person typing it; imports pass the setting. */
  missingPlace?: MissingPlace;
}

/** A problem with one field; `field` names the lead field (lastName, phone...). */
export interface Issue {
  field: string;
  message: string;
}

export interface PreparedLead {
  fields: LeadFields;
  /** The BANT answers read from the budget and timeline text (the others stay unasked). */
  bant: Bant;
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

function answer<T>(field: string, result: ReadAnswer<T>, warnings: Issue[]): T | null {
  if (result.warning) warnings.push({ field, message: result.warning });
  return result.value;
}

function departementOf(raw: RawLead, warnings: Issue[]): string | null {
  const text = raw.departement?.trim() ?? '';
  const code = readDepartement(text);
  if (text && !code)
    warnings.push({ field: 'departement', message: tr(`Département "${text}" not recognised; ignored for placing the lead`, `Département « ${text} » non reconnu ; ignoré pour placer le lead`) });
  return code;
}

/** Place fields and the place check; a lead with no place at all is refused or held, as the option says. */
function place(raw: RawLead, country: string, options: PrepareOptions, warnings: Issue[], errors: Issue[]) {
  const postalCode = take('postalCode', normalisePostalCode(raw.postalCode ?? '', country), '', warnings, warnings);
  const located = locateLead({ postalCode, city: normaliseName(raw.city ?? ''), country, departement: departementOf(raw, warnings) });
  warnings.push(...located.warnings.map((message) => ({ field: 'postalCode', message })));
  if (located.locationCheck?.kind === 'no_location') {
    if ((options.missingPlace ?? 'hold') === 'reject')
      errors.push({ field: 'postalCode', message: tr('Neither postal code nor town: the lead cannot be placed', 'Ni code postal ni commune : le lead ne peut pas être placé') });
    else
      warnings.push({
        field: 'postalCode',
        message: tr(
          'Neither postal code nor town: kept, and held at the head office until its place is given',
          'Ni code postal ni commune : conservé, et gardé à la tête de réseau jusqu’à ce que sa commune soit indiquée',
        ),
      });
  }
  return located;
}

const MAX_EXTRA_FIELDS = 200;
const MAX_EXTRA_TEXT = 4000;

/** The extra columns as stored: bounded, so a hostile file cannot bloat every lead. */
function extraFields(raw: RawLead, warnings: Issue[]): ExtraField[] {
  const extra = raw.extra ?? [];
  const kept = extra.slice(0, MAX_EXTRA_FIELDS).map((e) => ({ name: e.name.slice(0, 200), value: e.value.slice(0, MAX_EXTRA_TEXT) }));
  const cut = kept.filter((e, i) => e.value.length < extra[i]!.value.length).map((e) => e.name);
  if (cut.length) warnings.push({ field: 'extra', message: tr(`Cut to ${MAX_EXTRA_TEXT} characters: ${cut.join(', ')}`, `Coupé à ${MAX_EXTRA_TEXT} caractères : ${cut.join(', ')}`) });
  if (extra.length > MAX_EXTRA_FIELDS)
    warnings.push({
      field: 'extra',
      message: tr(
        `${extra.length - MAX_EXTRA_FIELDS} more filled columns than the ${MAX_EXTRA_FIELDS} a lead keeps were not kept`,
        `${extra.length - MAX_EXTRA_FIELDS} colonnes remplies au-delà des ${MAX_EXTRA_FIELDS} qu’un lead garde n’ont pas été conservées`,
      ),
    });
  return kept;
}

export function prepareLead(raw: RawLead, options: PrepareOptions): PreparedLead {
  const warnings: Issue[] = [];
  const errors: Issue[] = [];
  const country = take('country', readCountry(raw.country ?? ''), 'FR', warnings, warnings);
  const { first, last } = names(raw);
  const company = normaliseText(raw.company ?? '', 160);
  if (!first && !last && !company) errors.push({ field: 'lastName', message: tr('No name and no company', 'Ni nom ni société') });
  const { phone, email } = contact(raw, country, warnings, errors);
  const located = place(raw, country, options, warnings, errors);
  const at = receivedAt(raw, options.now, warnings);
  const budgetText = normaliseText(raw.budget ?? '', 200);
  const timelineText = normaliseText(raw.timeline ?? '', 200);
  const bant: Bant = { ...EMPTY_BANT, budgetCents: answer('budget', readBudget(budgetText), warnings), timeline: answer('timeline', readTimeline(timelineText, at), warnings) };
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
    postalCode: located.postalCode,
    city: located.city,
    country,
    ...located.geo,
    source: normaliseText(raw.source ?? '', 80) || (options.defaultSource ?? ''),
    channel: normaliseText(raw.channel ?? '', 80),
    campaign: normaliseText(raw.campaign ?? '', 120),
    product: normaliseText(raw.product ?? '', 80),
    comment: normaliseText(raw.comment ?? '', 4000),
    consentAt: consent.given ? at : null,
    consentHow: consent.given ? (options.consentHow ?? '') : '',
    consentFor: consent.given ? consent.purpose || tr('commercial contact', 'contact commercial') : '',
    receivedAt: at,
    externalRef: normaliseText(raw.externalRef ?? '', 120),
    budgetText,
    timelineText,
    extra: extraFields(raw, warnings),
    locationCheck: located.locationCheck,
  };
  return { fields, bant, warnings, errors };
}
