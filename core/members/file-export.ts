/**
 * The network as a file the import reads back unchanged: CSV (French Excel: semicolons, BOM,
 * decimal commas; absences one period per line in their cell) or XLSX (a Members sheet and an
 * Absences sheet, numbers as numbers, days as dates). Headers and words in the caller's
 * language, both of which the import recognises; every text cell neutralised against formulas.
 */
import type { Db } from '../db/connection';
import { tr } from '../language';
import { csvText } from '../exports/csv';
import { exceljs } from '../exports/libraries';
import { safeCell } from '../exports/safe-cell';
import { listAbsences, type Absence } from './absences';
import type { AbsenceColumn, MemberColumn } from './file-columns';
import { writePeriod } from './file-cells';
import type { Member } from './schema';
import { listMembers } from './store';

type Exported = Exclude<MemberColumn, 'absenceStart' | 'absenceEnd' | 'absenceReason'>;

const HEADERS: Record<Exported, () => string> = {
  code: () => tr('Network code', 'Code réseau'),
  siret: () => 'SIRET',
  name: () => tr('Name', 'Nom'),
  kind: () => tr('Kind', 'Type'),
  contactName: () => tr('Contact person', 'Interlocuteur'),
  email: () => 'E-mail',
  phone: () => tr('Phone', 'Téléphone'),
  address: () => tr('Address', 'Adresse'),
  postalCode: () => tr('Postal code', 'Code postal'),
  city: () => tr('City', 'Ville'),
  lat: () => 'Latitude',
  lon: () => 'Longitude',
  radiusKm: () => tr('Radius (km)', 'Rayon (km)'),
  priorityCoefficient: () => tr('Priority coefficient', 'Coefficient'),
  capacityPerWeek: () => tr('Capacity per week', 'Capacité par semaine'),
  productLines: () => tr('Product lines', 'Gammes'),
  active: () => tr('Active', 'Actif'),
  absences: () => tr('Absences', 'Absences'),
};

const ABSENCE_HEADERS: Record<AbsenceColumn, () => string> = {
  code: HEADERS.code,
  siret: HEADERS.siret,
  startsOn: () => tr('From', 'Du'),
  endsOn: () => tr('To', 'Au'),
  reason: () => tr('Reason', 'Motif'),
};

const KIND_WORDS: Record<Member['kind'], () => string> = {
  installer: () => tr('installer', 'installateur'),
  reseller: () => tr('reseller', 'revendeur'),
  distributor: () => tr('distributor', 'distributeur'),
  agency: () => tr('agency', 'agence'),
};

type Cell = string | number | null;

function memberCells(m: Member, absences: Absence[] | null): Record<Exported, Cell> {
  return {
    code: m.code,
    siret: m.siret,
    name: m.name,
    kind: KIND_WORDS[m.kind](),
    contactName: m.contactName,
    email: m.email,
    phone: m.phone,
    address: m.address,
    postalCode: m.postalCode,
    city: m.city,
    lat: m.lat,
    lon: m.lon,
    radiusKm: m.radiusKm,
    priorityCoefficient: m.priorityCoefficient,
    capacityPerWeek: m.capacityPerWeek,
    productLines: m.productLines.join('; '),
    active: m.active ? tr('yes', 'oui') : tr('no', 'non'),
    absences: absences ? absences.map(writePeriod).join('\n') : null,
  };
}

function network(db: Db) {
  const members = listMembers(db, false);
  const absences = new Map<number, Absence[]>();
  const ids = new Set(members.map((m) => m.id));
  for (const a of listAbsences({ db })) if (ids.has(a.memberId)) absences.set(a.memberId, [...(absences.get(a.memberId) ?? []), a]);
  return { members, absences };
}

const MEMBER_ORDER = Object.keys(HEADERS) as Exported[];

export function exportCsv(db: Db): Buffer {
  const { members, absences } = network(db);
  const rows = members.map((m) => {
    const cells = memberCells(m, absences.get(m.id) ?? []);
    return MEMBER_ORDER.map((c) => cells[c]);
  });
  return Buffer.from(csvText([MEMBER_ORDER.map((c) => HEADERS[c]()), ...rows]), 'utf8');
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function exportXlsx(db: Db, now: number): Promise<Buffer> {
  const { members, absences } = network(db);
  const wb = new (exceljs().Workbook)();
  wb.creator = 'Aiguillage';
  wb.created = new Date(now);
  const order = MEMBER_ORDER.filter((c) => c !== 'absences');
  const sheet = wb.addWorksheet(tr('Members', 'Membres'));
  sheet.columns = order.map((c) => ({
    header: HEADERS[c](),
    key: c,
    width: c === 'name' || c === 'address' || c === 'productLines' ? 32 : 16,
    style: c === 'postalCode' || c === 'siret' ? { numFmt: '@' } : {},
  }));
  for (const m of members) {
    const cells = memberCells(m, null);
    sheet.addRow(order.map((c) => (typeof cells[c] === 'string' ? safeCell(cells[c]) : cells[c])));
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const away = wb.addWorksheet(tr('Absences', 'Absences'));
  const byId = new Map(members.map((m) => [m.id, m]));
  away.columns = (Object.keys(ABSENCE_HEADERS) as AbsenceColumn[]).map((c) => ({
    header: ABSENCE_HEADERS[c](),
    key: c,
    width: c === 'reason' ? 32 : 16,
    style: c === 'startsOn' || c === 'endsOn' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  for (const [memberId, list] of absences) {
    const m = byId.get(memberId)!;
    for (const a of list) away.addRow([safeCell(m.code), m.siret, day(a.startsOn), day(a.endsOn), safeCell(a.reason)]);
  }
  away.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
