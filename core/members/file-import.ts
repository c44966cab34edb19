/**
 * A network file against the members already known: each line of the members sheet is a new
 * member, a change to one (with the fields that change), the same, or rejected with its
 * reasons; members of the network the file does not mention are listed as absent, to be
 * archived only if the user ticks them. The same plan is computed for the preview and again,
 * from the same bytes, for the import, which applies it in one transaction.
 */
import type { Db } from '../db/connection';
import { departementOfPostalCode } from '../geo/departements';
import { geocode } from '../geo/geocoder';
import type { Sheet } from '../intake/csv';
import { shapeIssues } from '../intake/pipeline';
import { tr } from '../language';
import { loadCatalogue, type Catalogue } from '../products/catalogue';
import { safeCell } from '../exports/safe-cell';
import { fold } from '../search/fold';
import { addAbsence, listAbsences, type Absence } from './absences';
import { positions, type AbsenceColumn, type AbsenceMapping, type MemberColumn, type MemberMapping } from './file-columns';
import { readBoolean, readKind, readList, readNumber, readPeriod, readPeriods, readPostalCode, unneutralise, type Period, type Read } from './file-cells';
import { memberFields, type Member, type MemberFields } from './schema';
import { compactSiret, isValidSiret } from './siret';
import { insertMember, listMembers, setArchived, updateMember } from './store';
import { newMemberValues } from '../../common/members';

export type LineOutcome = 'new' | 'changed' | 'unchanged' | 'rejected';

/** A field that changes (from '' for a new member's values). */
export interface FieldChange {
  field: keyof MemberFields | 'absences' | 'archived';
  from: string;
  to: string;
}

export interface MemberLine {
  line: number;
  outcome: LineOutcome;
  /** The member the line updates (null for a new or an unidentified one). */
  memberId: number | null;
  code: string;
  siret: string;
  name: string;
  city: string;
  changes: FieldChange[];
  warnings: string[];
  errors: string[];
}

export interface AbsenceLine {
  line: number;
  outcome: 'new' | 'unchanged' | 'rejected';
  code: string;
  period: Period | null;
  errors: string[];
}

export interface AbsentMember {
  id: number;
  code: string;
  siret: string;
  name: string;
  city: string;
}

export interface ImportPlan {
  lines: MemberLine[];
  absenceLines: AbsenceLine[];
  absent: AbsentMember[];
  counts: Record<LineOutcome, number> & { absent: number; absences: number };
}

/** Everything the import writes, kept beside the plan the user sees. */
interface Work {
  line: MemberLine;
  fields: MemberFields | null;
  member: Member | null;
  restore: boolean;
  periods: Period[];
}

/** A new member's values for the columns a file leaves out (the member form's defaults). */
const DEFAULTS: MemberFields = { ...newMemberValues(), lat: null, lon: null };

function fieldsOf(m: Member): MemberFields {
  const { id: _id, departement: _d, archivedAt: _a, createdAt: _c, updatedAt: _u, ...fields } = m;
  return fields;
}

/** What the preview says of a new member besides its name, town and identity. */
const NEW_SUMMARY = ['kind', 'postalCode', 'radiusKm', 'priorityCoefficient', 'capacityPerWeek', 'productLines'] as const;

const codeKey = (code: string) => code.trim().toLocaleLowerCase('fr');
const nameKey = (name: string, postalCode: string) =>
  `${fold(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()}|${postalCode}`;

class Network {
  readonly byCode = new Map<string, Member>();
  readonly bySiret = new Map<string, Member>();
  /** Members entered by hand without a code or SIRET: found by name and postal code (and given one if the file has it). */
  readonly unidentified = new Map<string, Member>();
  readonly absences = new Map<number, Absence[]>();

  constructor(
    readonly members: Member[],
    absences: Absence[],
  ) {
    for (const m of members) {
      if (m.code) this.byCode.set(codeKey(m.code), m);
      if (m.siret) this.bySiret.set(m.siret, m);
      if (!m.code && !m.siret) this.unidentified.set(nameKey(m.name, m.postalCode), m);
    }
    for (const a of absences) this.absences.set(a.memberId, [...(this.absences.get(a.memberId) ?? []), a]);
  }
}

/** Reads one line's cells for the mapped fields; cells our exports neutralised are read back as typed. */
function cellReader<F extends string>(cells: string[], columns: Map<F, number>) {
  return (field: F): string | undefined => {
    const index = columns.get(field);
    return index === undefined ? undefined : unneutralise((cells[index] ?? '').trim());
  };
}

function formulaWarnings(cells: string[], headers: string[], columns: Map<MemberColumn, number>): string[] {
  const out: string[] = [];
  for (const [, index] of columns) {
    const cell = (cells[index] ?? '').trim();
    if (cell !== '' && safeCell(cell) !== cell) {
      out.push(
        tr(
          `Column "${headers[index]}" starts like a formula (${JSON.stringify(cell.slice(0, 40))}): kept as typed, neutralised in exports`,
          `La colonne « ${headers[index]} » commence comme une formule (${JSON.stringify(cell.slice(0, 40))}) : conservée telle que saisie, neutralisée dans les exports`,
        ),
      );
    }
  }
  return out;
}

function show(field: FieldChange['field'], value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? tr('yes', 'oui') : tr('no', 'non');
  if (field === 'lat' || field === 'lon') return (value as number).toFixed(5);
  return String(value);
}

function diff(before: MemberFields, after: MemberFields): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of Object.keys(after) as (keyof MemberFields)[]) {
    const a = before[key];
    const b = after[key];
    const same =
      Array.isArray(a) && Array.isArray(b)
        ? a.length === b.length && a.every((x, i) => x === b[i])
        : key === 'lat' || key === 'lon'
          ? coordinatesEqual(a as number | null, b as number | null)
          : a === b;
    if (!same) out.push({ field: key, from: show(key, a), to: show(key, b) });
  }
  return out;
}

/** Six decimals (about 10 cm) is what a file carries: closer is the same place. */
function coordinatesEqual(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Math.abs(a - b) < 5e-7;
}

/** A period the member already has whole adds nothing. */
function isCovered(p: Period, existing: Pick<Absence, 'startsOn' | 'endsOn'>[]): boolean {
  return existing.some((a) => a.startsOn <= p.startsOn && a.endsOn >= p.endsOn);
}

export interface FileInput {
  sheet: Sheet;
  mapping: MemberMapping;
  /** A second sheet or file of absences, with its own mapping. */
  absences?: { sheet: Sheet; mapping: AbsenceMapping } | null;
}

/** What a line of the file says about a member, read and checked. */
function readLine(
  cells: string[],
  headers: string[],
  columns: Map<MemberColumn, number>,
  base: MemberFields,
  catalogue: Catalogue,
): { fields: MemberFields; periods: Period[]; warnings: string[]; errors: string[]; coordinatesGiven: boolean } {
  const cell = cellReader(cells, columns);
  const warnings: string[] = formulaWarnings(cells, headers, columns);
  const errors: string[] = [];
  const column = (f: MemberColumn) => headers[columns.get(f)!] ?? f;
  const take = <T>(f: MemberColumn, read: Read<T>): T | undefined => {
    if (!read.ok) errors.push(`${column(f)}: ${read.error}`);
    else if (read.warning) warnings.push(read.warning);
    return read.ok ? read.value : undefined;
  };
  const draft: Record<string, unknown> = { ...base, productLines: [...base.productLines] };
  for (const f of ['code', 'contactName', 'email', 'phone', 'address'] as const) {
    const v = cell(f);
    if (v !== undefined) draft[f] = v;
  }
  // What every member has (name, town, postal code) is kept when its cell is empty, not erased.
  for (const f of ['name', 'city'] as const) draft[f] = cell(f) || draft[f];
  // Codes compare without case: "a2" in the file is the member "A2", written as it was.
  if (codeKey(String(draft.code)) === codeKey(base.code)) draft.code = base.code;
  const siret = cell('siret');
  if (siret !== undefined) draft.siret = compactSiret(siret);
  const postalCode = cell('postalCode');
  if (postalCode) draft.postalCode = take('postalCode', readPostalCode(postalCode)) ?? postalCode;
  const kind = cell('kind');
  if (kind) draft.kind = take('kind', readKind(kind)) ?? draft.kind;
  for (const f of ['radiusKm', 'priorityCoefficient', 'capacityPerWeek'] as const) {
    const v = cell(f);
    if (v) draft[f] = take(f, readNumber(v)) ?? draft[f];
  }
  const active = cell('active');
  if (active) draft.active = take('active', readBoolean(active)) ?? draft.active;
  const lines = cell('productLines');
  if (lines !== undefined) {
    // As the catalogue names them, like the member form; a label it does not know is kept as written and said.
    const { lines: named, unknown } = catalogue.canonical(readList(lines));
    draft.productLines = named;
    for (const label of unknown)
      warnings.push(
        tr(
          `Product line "${label}" is not in the catalogue: kept as written (map it in Settings > Product catalogue)`,
          `La gamme « ${label} » n’est pas dans le catalogue : gardée telle quelle (à rattacher dans Paramètres > Catalogue produits)`,
        ),
      );
  }
  const [lat, lon] = [cell('lat') ?? '', cell('lon') ?? ''];
  const coordinatesGiven = lat !== '' || lon !== '';
  if (coordinatesGiven) {
    if (lat === '' || lon === '') errors.push(tr('Give both latitude and longitude, or neither', 'Donnez la latitude et la longitude, ou aucune des deux'));
    else {
      draft.lat = take('lat', readNumber(lat)) ?? null;
      draft.lon = take('lon', readNumber(lon)) ?? null;
    }
  }
  const periods: Period[] = [];
  const list = cell('absences');
  if (list) periods.push(...(take('absences', readPeriods(list)) ?? []));
  const start = cell('absenceStart') ?? '';
  const end = cell('absenceEnd') ?? '';
  if (start !== '' || end !== '') {
    const period = take(
      'absenceStart',
      start === '' ? { ok: false, error: tr('An absence needs its first day', 'Une absence a besoin de son premier jour') } : readPeriod(start, end, cell('absenceReason') ?? ''),
    );
    if (period) periods.push(period);
  }
  const parsed = memberFields.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = issue.path[0] as MemberColumn | undefined;
      errors.push(f && columns.has(f) ? `${column(f)}: ${issue.message}` : `${f ?? ''}: ${issue.message}`);
    }
    return { fields: draft as MemberFields, periods, warnings, errors, coordinatesGiven };
  }
  const fields = parsed.data;
  if (!departementOfPostalCode(fields.postalCode))
    errors.push(`${column('postalCode')}: ${tr(`${fields.postalCode} is not the postal code of a French département`, `${fields.postalCode} n’est le code postal d’aucun département français`)}`);
  if (fields.siret && !isValidSiret(fields.siret))
    errors.push(`${column('siret')}: ${tr(`${fields.siret} fails its check digit (Luhn): a digit is wrong`, `${fields.siret} ne passe pas sa clé de contrôle (Luhn) : un chiffre est faux`)}`);
  return { fields, periods, warnings, errors, coordinatesGiven };
}

/**
 * A new or moved member the file gives no coordinates for is placed at its commune, when the
 * postal code and town find one; one that stays where it was keeps what it had.
 */
function place(fields: MemberFields, before: MemberFields | null, warnings: string[]): MemberFields {
  const moved = !before || before.postalCode !== fields.postalCode || fold(before.city) !== fold(fields.city);
  if (!moved) return fields;
  const found = geocode({ postalCode: fields.postalCode, city: fields.city });
  if (found.found) return { ...fields, lat: Math.round(found.point.lat * 1e6) / 1e6, lon: Math.round(found.point.lon * 1e6) / 1e6 };
  warnings.push(tr(`Not placed on the map: ${found.message}`, `Pas placé sur la carte : ${found.message}`));
  return { ...fields, lat: null, lon: null };
}

/** The plan as shown, and what applying it writes. */
export interface PlannedImport {
  plan: ImportPlan;
  work: Work[];
  absenceWork: { memberKey: string; period: Period }[];
}

export function planImport(db: Db, input: FileInput): PlannedImport {
  const network = new Network(listMembers(db, true), listAbsences({ db }));
  const catalogue = loadCatalogue(db);
  const { sheet, mapping } = input;
  const columns = positions(sheet.headers, mapping);
  const seenCode = new Map<string, number>();
  const seenSiret = new Map<string, number>();
  const present = new Set<number>();
  /** Member id -> the line that names it: two lines for one member (by code and by SIRET) are refused. */
  const lineOf = new Map<number, number>();
  const work: Work[] = [];
  /** Code or SIRET key -> the work of the line that names it (for the absence sheet). */
  const byKey = new Map<string, Work>();

  for (const record of sheet.records) {
    const cell = cellReader(record.cells, columns);
    const code = cell('code') ?? '';
    const siret = compactSiret(cell('siret') ?? '');
    const line: MemberLine = { line: record.line, outcome: 'rejected', memberId: null, code, siret, name: cell('name') ?? '', city: cell('city') ?? '', changes: [], warnings: [], errors: [] };
    const w: Work = { line, fields: null, member: null, restore: false, periods: [] };
    work.push(w);
    const shape = record.error ? { warnings: [], errors: [{ message: record.error }] } : shapeIssues(record.cells, sheet.headers.length);
    line.warnings.push(...shape.warnings.map((i) => i.message));
    if (shape.errors.length) {
      line.errors.push(...shape.errors.map((i) => i.message));
      continue;
    }
    // Identity first: a line naming a known member marks it present even when its data is refused.
    const byCode = code ? network.byCode.get(codeKey(code)) : undefined;
    const bySiret = siret ? network.bySiret.get(siret) : undefined;
    if (byCode && bySiret && byCode.id !== bySiret.id) {
      line.errors.push(
        tr(
          `The code ${code} is ${byCode.name}'s (${byCode.city}) but the SIRET ${siret} is ${bySiret.name}'s (${bySiret.city})`,
          `Le code ${code} est celui de ${byCode.name} (${byCode.city}) mais le SIRET ${siret} celui de ${bySiret.name} (${bySiret.city})`,
        ),
      );
    }
    const postal = readPostalCode(cell('postalCode') ?? '');
    const member = byCode ?? bySiret ?? network.unidentified.get(nameKey(line.name, postal.ok ? postal.value : ''));
    if (!member && !code && !siret) {
      line.errors.push(tr('No network code and no SIRET: a new member is known by one of them', 'Ni code réseau ni SIRET : un nouveau membre est connu par l’un des deux'));
    }
    if (member) {
      const earlier = lineOf.get(member.id);
      if (earlier !== undefined) line.errors.push(tr(`Same member as line ${earlier} (${member.name}, ${member.city})`, `Même membre que la ligne ${earlier} (${member.name}, ${member.city})`));
      else lineOf.set(member.id, record.line);
      present.add(member.id);
      line.memberId = member.id;
    }
    for (const [key, seen, label] of [
      [codeKey(code), seenCode, tr('code', 'code')],
      [siret, seenSiret, 'SIRET'],
    ] as const) {
      if (!key) continue;
      const earlier = seen.get(key);
      if (earlier !== undefined) line.errors.push(tr(`Same ${label} as line ${earlier}`, `Même ${label} que la ligne ${earlier}`));
      else seen.set(key, record.line);
    }
    const before = member ? fieldsOf(member) : null;
    const read = readLine(record.cells, sheet.headers, columns, before ?? DEFAULTS, catalogue);
    line.warnings.push(...read.warnings);
    line.errors.push(...read.errors);
    if (line.errors.length) continue;
    // A code or SIRET that is another member's (one the line did not match on) is refused, as in the form.
    for (const [key, holder] of [
      ['code', read.fields.code ? network.byCode.get(codeKey(read.fields.code)) : undefined],
      ['siret', read.fields.siret ? network.bySiret.get(read.fields.siret) : undefined],
    ] as const) {
      if (holder && holder.id !== member?.id)
        line.errors.push(
          tr(
            `The ${key === 'code' ? 'code' : 'SIRET'} ${read.fields[key]} is already ${holder.name}'s (${holder.city})`,
            `Le ${key === 'code' ? 'code' : 'SIRET'} ${read.fields[key]} est déjà celui de ${holder.name} (${holder.city})`,
          ),
        );
    }
    if (line.errors.length) continue;
    const fields = read.coordinatesGiven ? read.fields : place(read.fields, before, line.warnings);
    w.fields = fields;
    w.member = member ?? null;
    line.name = fields.name;
    line.city = fields.city;
    line.code = fields.code;
    line.siret = fields.siret;
    const existing = member ? (network.absences.get(member.id) ?? []) : [];
    w.periods = read.periods.filter((p, i) => !isCovered(p, existing) && !read.periods.slice(0, i).some((q) => q.startsOn <= p.startsOn && q.endsOn >= p.endsOn));
    if (!before) line.changes = NEW_SUMMARY.map((f) => ({ field: f, from: '', to: show(f, fields[f]) })).filter((c) => c.to !== '');
    if (before) {
      line.changes = diff(before, fields);
      if (member!.archivedAt !== null) {
        w.restore = true;
        line.changes.push({ field: 'archived', from: tr('archived', 'archivé'), to: tr('in the network', 'dans le réseau') });
      }
    }
    if (w.periods.length) line.changes.push({ field: 'absences', from: '', to: w.periods.map((p) => `${p.startsOn} → ${p.endsOn}`).join(', ') });
    line.outcome = !before ? 'new' : line.changes.length ? 'changed' : 'unchanged';
    for (const key of [codeKey(fields.code), fields.siret]) if (key) byKey.set(key, w);
  }

  const absenceLines: AbsenceLine[] = [];
  const absenceWork: { memberKey: string; period: Period }[] = [];
  if (input.absences) {
    const sheetA = input.absences.sheet;
    const colsA = positions<AbsenceColumn>(sheetA.headers, input.absences.mapping);
    const planned = new Map<string, Period[]>();
    for (const record of sheetA.records) {
      const cell = cellReader(record.cells, colsA);
      const code = cell('code') ?? '';
      const siret = compactSiret(cell('siret') ?? '');
      const out: AbsenceLine = { line: record.line, outcome: 'rejected', code: code || siret, period: null, errors: [] };
      absenceLines.push(out);
      if (record.error) {
        out.errors.push(record.error);
        continue;
      }
      const key = code ? codeKey(code) : siret;
      const w = key ? byKey.get(key) : undefined;
      const known = key ? (code ? network.byCode.get(key) : network.bySiret.get(key)) : undefined;
      if (!key) out.errors.push(tr('No network code and no SIRET to say whose absence it is', 'Ni code réseau ni SIRET pour dire de qui est l’absence'));
      else if (!w && !known) out.errors.push(tr(`No member with the ${code ? 'code' : 'SIRET'} ${code || siret}`, `Aucun membre avec le ${code ? 'code' : 'SIRET'} ${code || siret}`));
      else if (!w && known && [...work].some((x) => x.line.memberId === known.id))
        out.errors.push(tr('The line of this member in the members sheet was rejected', 'La ligne de ce membre dans la feuille des membres a été refusée'));
      const period = readPeriod(cell('startsOn') ?? '', cell('endsOn') ?? '', cell('reason') ?? '');
      if (!period.ok) out.errors.push(period.error);
      if (out.errors.length || !period.ok) continue;
      out.period = period.value;
      const memberId = w?.member?.id ?? known?.id;
      const existing = [...(memberId ? (network.absences.get(memberId) ?? []) : []), ...(planned.get(key!) ?? [])];
      if (isCovered(period.value, existing)) {
        out.outcome = 'unchanged';
        continue;
      }
      out.outcome = 'new';
      planned.set(key!, [...(planned.get(key!) ?? []), period.value]);
      absenceWork.push({ memberKey: key!, period: period.value });
    }
  }

  const absent = network.members.filter((m) => m.archivedAt === null && !present.has(m.id)).map(({ id, code, siret, name, city }) => ({ id, code, siret, name, city }));
  const counts = { new: 0, changed: 0, unchanged: 0, rejected: 0, absent: absent.length, absences: work.reduce((n, w) => n + w.periods.length, 0) + absenceWork.length };
  for (const w of work) counts[w.line.outcome]++;
  return { plan: { lines: work.map((w) => w.line), absenceLines, absent, counts }, work, absenceWork };
}

export interface ImportResult extends ImportPlan {
  archived: number[];
}

/** Applies the plan: new members, changes, absences (merged with overlapping ones), the ticked archives (the caller checked they are absent from the file). The caller holds the transaction. */
export function applyImport(db: Db, { plan, work, absenceWork }: PlannedImport, archiveIds: number[], now: number): ImportResult {
  const idOfKey = new Map<string, number>();
  for (const w of work) {
    if (!w.fields || w.line.outcome === 'rejected') continue;
    const departement = departementOfPostalCode(w.fields.postalCode)!;
    let id = w.member?.id;
    if (id === undefined) id = insertMember(db, w.fields, departement, now).id;
    else if (w.line.changes.some((c) => c.field !== 'absences' && c.field !== 'archived')) updateMember(db, id, w.fields, departement, now);
    if (w.restore) setArchived(db, id, null, now);
    w.line.memberId = id;
    for (const p of w.periods) addAbsence(db, { memberId: id, ...p }, now);
    for (const key of [codeKey(w.fields.code), w.fields.siret]) if (key) idOfKey.set(key, id);
  }
  const network = absenceWork.length ? new Network(listMembers(db, true), []) : null;
  for (const { memberKey, period } of absenceWork) {
    const id = idOfKey.get(memberKey) ?? network!.byCode.get(memberKey)?.id ?? network!.bySiret.get(memberKey)?.id;
    if (id !== undefined) addAbsence(db, { memberId: id, ...period }, now);
  }
  for (const id of archiveIds) setArchived(db, id, now, now);
  return { ...plan, archived: archiveIds };
}
