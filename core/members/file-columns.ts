/**
 * The columns of a network file: which file column fills which member field (and, in the
 * same file, a sheet of its own or a second file, which absence field). Proposed from the
 * headers French and English spreadsheets use, corrected by the user, remembered for the next
 * file (one mapping for members, one for absences).
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { fold } from '../search/fold';
import { ABSENCE_COLUMNS, MEMBER_COLUMNS, type AbsenceColumn, type MemberColumn } from '../../common/import-fields';

export { ABSENCE_COLUMNS, MEMBER_COLUMNS, type AbsenceColumn, type MemberColumn };

const header = z.string().max(200);
/** Field -> header name as written in the file. */
export const memberMappingSchema = z.partialRecord(z.enum(MEMBER_COLUMNS), header);
export const absenceMappingSchema = z.partialRecord(z.enum(ABSENCE_COLUMNS), header);
export type MemberMapping = z.output<typeof memberMappingSchema>;
export type AbsenceMapping = z.output<typeof absenceMappingSchema>;

/** Headers folded (no accents, no case, punctuation as spaces), as compared with these. */
const MEMBER_SYNONYMS: Record<MemberColumn, string[]> = {
  code: [
    'code',
    'code membre',
    'code reseau',
    'code adherent',
    'n adherent',
    'numero adherent',
    'code client',
    'code installateur',
    'code revendeur',
    'code agence',
    'member code',
    'network code',
    'id membre',
    'identifiant',
    'ref',
    'reference',
  ],
  siret: ['siret', 'n siret', 'numero siret', 'siret etablissement'],
  name: ['nom', 'raison sociale', 'societe', 'entreprise', 'enseigne', 'nom commercial', 'membre', 'name', 'company', 'company name', 'member', 'trade name'],
  kind: ['type', 'type de membre', 'categorie', 'nature', 'kind', 'member type', 'category'],
  contactName: ['contact', 'interlocuteur', 'nom du contact', 'responsable', 'gerant', 'contact name', 'contact person'],
  email: ['email', 'e mail', 'mail', 'courriel', 'adresse email', 'adresse e mail', 'email address'],
  phone: ['telephone', 'tel', 'phone', 'portable', 'mobile', 'numero de telephone', 'phone number'],
  address: ['adresse', 'address', 'rue', 'street', 'adresse postale'],
  postalCode: ['code postal', 'cp', 'zip', 'zip code', 'postal code', 'postcode'],
  city: ['ville', 'commune', 'city', 'town', 'localite'],
  lat: ['latitude', 'lat'],
  lon: ['longitude', 'lon', 'lng', 'long'],
  radiusKm: ['rayon', 'rayon km', 'rayon d intervention', 'rayon d intervention km', 'radius', 'radius km', 'intervention radius', 'intervention radius km'],
  priorityCoefficient: ['coefficient', 'coef', 'coefficient de priorite', 'priorite', 'priority', 'priority coefficient'],
  capacityPerWeek: ['capacite', 'capacite hebdo', 'capacite par semaine', 'capacite leads semaine', 'leads par semaine', 'capacity', 'capacity per week', 'weekly capacity', 'leads per week'],
  productLines: ['gammes', 'gamme', 'gammes de produits', 'produits', 'metiers', 'activites', 'product lines', 'products', 'product line'],
  active: ['actif', 'active', 'statut', 'status', 'en activite'],
  absences: ['absences', 'absence', 'conges', 'indisponibilites', 'periodes d absence', 'absent'],
  absenceStart: ['absence debut', 'debut absence', 'absent du', 'debut conges', 'conges du', 'absence from', 'absence start'],
  absenceEnd: ['absence fin', 'fin absence', 'absent au', 'fin conges', 'conges au', 'absence to', 'absence end'],
  absenceReason: ['motif absence', 'absence motif', 'motif', 'raison absence', 'absence reason'],
};

const ABSENCE_SYNONYMS: Record<AbsenceColumn, string[]> = {
  code: MEMBER_SYNONYMS.code,
  siret: MEMBER_SYNONYMS.siret,
  startsOn: ['du', 'debut', 'date de debut', 'absent du', 'de', 'from', 'start', 'starts on', 'start date'],
  endsOn: ['au', 'fin', 'date de fin', 'absent au', 'jusqu au', 'a', 'to', 'end', 'ends on', 'end date'],
  reason: ['motif', 'raison', 'commentaire', 'reason', 'comment'],
};

export const foldHeader = (h: string) =>
  fold(h)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Exact synonym; a header is used once; fields in order, the first column wins a field. */
function propose<F extends string>(headers: string[], fields: readonly F[], synonyms: Record<F, string[]>): Partial<Record<F, string>> {
  const keys = headers.map(foldHeader);
  const used = new Set<number>();
  const mapping: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const index = keys.findIndex((k, i) => !used.has(i) && synonyms[field].includes(k));
    if (index < 0) continue;
    mapping[field] = headers[index]!;
    used.add(index);
  }
  return mapping;
}

export const proposeMemberMapping = (headers: string[]): MemberMapping => propose(headers, MEMBER_COLUMNS, MEMBER_SYNONYMS);
export const proposeAbsenceMapping = (headers: string[]): AbsenceMapping => propose(headers, ABSENCE_COLUMNS, ABSENCE_SYNONYMS);

/** Field -> column position in this file's headers (mapped headers the file lacks are left out). */
export function positions<F extends string>(headers: string[], mapping: Partial<Record<F, string>>): Map<F, number> {
  const out = new Map<F, number>();
  for (const [field, name] of Object.entries(mapping) as [F, string][]) {
    const index = headers.indexOf(name);
    if (index >= 0) out.set(field, index);
  }
  return out;
}

type MappingKind = 'members' | 'absences';

export function savedMemberMapping<K extends MappingKind>(db: Db, kind: K): (K extends 'members' ? MemberMapping : AbsenceMapping) | null {
  const row = db.prepare('SELECT mapping FROM member_file_mappings WHERE kind = ?').get(kind) as { mapping: string } | undefined;
  if (!row) return null;
  const parsed = (kind === 'members' ? memberMappingSchema : absenceMappingSchema).safeParse(JSON.parse(row.mapping));
  return parsed.success ? (parsed.data as K extends 'members' ? MemberMapping : AbsenceMapping) : null;
}

export function saveMemberMapping(db: Db, kind: MappingKind, mapping: MemberMapping | AbsenceMapping, now: number): void {
  db.prepare('INSERT INTO member_file_mappings (kind, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at').run(
    kind,
    JSON.stringify(mapping),
    now,
  );
}
