/**
 * One cell of a network file -> a value, or a reason it cannot be read. Spreadsheets write
 * numbers with a decimal comma, yes/no in words, lists in one cell, dates in French, and drop
 * the leading zero of a postal code: all of that is read here.
 */
import { tr } from '../language';
import { fold } from '../search/fold';
import { isCalendarDate } from './absences';
import { MEMBER_KINDS, type MemberFields } from './schema';

export type Read<T> = { ok: true; value: T; warning?: string } | { ok: false; error: string };

const ok = <T>(value: T, warning?: string): Read<T> => (warning ? { ok: true, value, warning } : { ok: true, value });
const bad = (error: string): Read<never> => ({ ok: false, error });

/** Our own exports put an apostrophe before a cell that would run as a formula: read it back as typed. */
export function unneutralise(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** "1,5", "1 200", "1.5" -> a number. */
export function readNumber(cell: string): Read<number> {
  const text = cell.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const n = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(n) ? ok(n) : bad(tr(`"${cell}" is not a number`, `« ${cell} » n’est pas un nombre`));
}

const YES = new Set(['oui', 'o', 'yes', 'y', 'true', 'vrai', '1', 'x', 'actif', 'active', 'en activite']);
const NO = new Set(['non', 'n', 'no', 'false', 'faux', '0', 'inactif', 'inactive', 'suspendu', 'suspended']);

export function readBoolean(cell: string): Read<boolean> {
  const key = fold(cell).trim();
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return bad(tr(`"${cell}" is neither yes nor no`, `« ${cell} » n’est ni oui ni non`));
}

const KIND_WORDS: Record<string, MemberFields['kind']> = {
  installer: 'installer',
  installateur: 'installer',
  installatrice: 'installer',
  artisan: 'installer',
  reseller: 'reseller',
  revendeur: 'reseller',
  revendeuse: 'reseller',
  negoce: 'reseller',
  distributor: 'distributor',
  distributeur: 'distributor',
  distributrice: 'distributor',
  grossiste: 'distributor',
  agency: 'agency',
  agence: 'agency',
};

export function readKind(cell: string): Read<MemberFields['kind']> {
  const kind = KIND_WORDS[fold(cell).trim()];
  if (kind) return ok(kind);
  return bad(tr(`Unknown kind "${cell}": one of ${MEMBER_KINDS.join(', ')}`, `Type inconnu « ${cell} » : installateur, revendeur, distributeur ou agence`));
}

/** Excel stores 06000 as the number 6000: four digits get their zero back, with a word. */
export function readPostalCode(cell: string): Read<string> {
  const compact = cell.replace(/\s/g, '');
  if (/^\d{4}$/.test(compact))
    return ok('0' + compact, tr(`Postal code ${compact} read as 0${compact} (a spreadsheet dropped its leading zero)`, `Code postal ${compact} lu 0${compact} (un tableur a retiré son zéro initial)`));
  return ok(compact);
}

/** A list in one cell: "PAC; Solaire / Clim | Isolation", duplicates (by case and accents) dropped. */
export function readList(cell: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of cell.split(/[;,/|\n]+/)) {
    const label = part.trim().replace(/\s+/g, ' ');
    const key = fold(label);
    if (label === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(label);
  }
  return out;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00)?)?$/;
const FRENCH_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;

/** A calendar day as YYYY-MM-DD, from ISO, an Excel date cell, or DD/MM/YYYY (DD/MM/YY is 20YY). */
export function readDay(cell: string): Read<string> {
  const text = cell.trim();
  let day: string | null = null;
  const iso = ISO_DAY.exec(text);
  if (iso) day = `${iso[1]}-${iso[2]}-${iso[3]}`;
  const fr = FRENCH_DAY.exec(text);
  if (fr) day = `${fr[3]!.length === 2 ? '20' + fr[3] : fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}`;
  if (day && isCalendarDate(day)) return ok(day);
  return bad(
    day
      ? tr(`${text} is not a day of the calendar`, `${text} n’est pas un jour du calendrier`)
      : tr(`"${text}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`, `« ${text} » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)`),
  );
}

export interface Period {
  startsOn: string;
  endsOn: string;
  reason: string;
}

export function readPeriod(start: string, end: string, reason: string): Read<Period> {
  const from = readDay(start);
  if (!from.ok) return from;
  const to = end.trim() === '' ? from : readDay(end);
  if (!to.ok) return to;
  if (to.value < from.value) return bad(tr(`The absence ends (${to.value}) before it starts (${from.value})`, `L’absence finit (${to.value}) avant de commencer (${from.value})`));
  return ok({ startsOn: from.value, endsOn: to.value, reason: reason.trim().slice(0, 200) });
}

const DAY = String.raw`\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}`;
const PERIOD = new RegExp(String.raw`^(?:du\s+)?(${DAY})(?:\s*(?:→|->|–|—|-|au|to|à)\s*(${DAY}))?\s*(?:\((.*)\))?$`, 'i');

/**
 * Absences written in one cell, one period per line or separated by ";":
 * "2026-12-21 → 2027-01-02 (Congés)", "du 21/12/2026 au 02/01/2027", "15/02/2027".
 */
export function readPeriods(cell: string): Read<Period[]> {
  const out: Period[] = [];
  for (const piece of cell
    .split(/[\n;]+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = PERIOD.exec(piece);
    if (!m) return bad(tr(`"${piece}" is not a period (write "21/12/2026 - 02/01/2027 (reason)")`, `« ${piece} » n’est pas une période (écrire « 21/12/2026 - 02/01/2027 (motif) »)`));
    const period = readPeriod(m[1]!, m[2] ?? '', m[3] ?? '');
    if (!period.ok) return period;
    out.push(period.value);
  }
  return ok(out);
}

/** How the export writes a period, read back by readPeriods. */
export function writePeriod(p: Period): string {
  const reason = p.reason
    .replace(/[()\n;]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${p.startsOn} → ${p.endsOn}${reason ? ` (${reason})` : ''}`;
}
