/**
 * Column mapping: which file column fills which lead field. Proposed from the header names
 * French and English files use; the user corrects it and may save it per source, so next
 * month's file from the same partner maps itself.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { RAW_FIELDS, type RawField, type RawLead } from '../leads/prepare';
import { fold } from '../search/fold';

/** Lead field -> header name (as written in the file). */
export const mappingSchema = z.partialRecord(z.enum(RAW_FIELDS), z.string().max(200));
export type Mapping = z.output<typeof mappingSchema>;

const SYNONYMS: Record<RawField, string[]> = {
  civility: ['civilite', 'civ', 'titre', 'title', 'salutation', 'genre', 'gender'],
  firstName: ['prenom', 'first name', 'firstname', 'given name', 'prenom du contact'],
  lastName: ['nom', 'last name', 'lastname', 'surname', 'family name', 'nom de famille', 'nom du contact'],
  fullName: ['nom complet', 'full name', 'name', 'contact', 'nom prenom', 'prenom nom'],
  phone: ['telephone', 'tel', 'phone', 'phone number', 'telephone fixe', 'numero de telephone', 'num tel', 'tel fixe', 'fixe'],
  mobile: ['mobile', 'portable', 'tel mobile', 'telephone mobile', 'telephone portable', 'cell', 'mobile phone', 'gsm'],
  email: ['email', 'e mail', 'mail', 'courriel', 'adresse email', 'adresse e mail', 'adresse mail', 'email address'],
  company: ['societe', 'raison sociale', 'entreprise', 'company', 'company name', 'organisation', 'organization', 'structure'],
  companySize: ['effectif', 'taille', 'salaries', 'nombre de salaries', 'employees', 'company size', 'headcount'],
  address: ['adresse', 'address', 'rue', 'street', 'adresse postale', 'address line 1', 'voie'],
  postalCode: ['code postal', 'cp', 'zip', 'zip code', 'zipcode', 'postal code', 'postcode'],
  city: ['ville', 'commune', 'city', 'town', 'localite'],
  country: ['pays', 'country', 'code pays', 'country code'],
  receivedAt: ['date de la demande', 'date', 'date demande', 'date de demande', 'date de creation', 'created', 'created at', 'date received', 'request date', 'submitted at', 'horodatage', 'timestamp', 'date de reception'],
  source: ['source', 'origine', 'provenance', 'lead source', 'origin'],
  channel: ['canal', 'channel', 'medium', 'support'],
  campaign: ['campagne', 'campaign', 'utm campaign', 'operation'],
  product: ['produit', 'projet', 'product', 'project', 'interet', 'interest', 'type de projet', 'gamme'],
  comment: ['commentaire', 'commentaires', 'comment', 'comments', 'message', 'remarque', 'remarques', 'notes', 'note', 'observations', 'description'],
  consent: ['consentement', 'consent', 'optin', 'opt in', 'rgpd', 'gdpr', 'accord', 'accepte d etre contacte'],
};

const normaliseHeader = (h: string) => fold(h).replace(/[^a-z0-9]+/g, ' ').trim();

/** Exact synonym first; a header is used once; the first column wins a field. */
export function proposeMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<number>();
  const keys = headers.map(normaliseHeader);
  for (const field of RAW_FIELDS) {
    const index = keys.findIndex((k, i) => !used.has(i) && SYNONYMS[field].includes(k));
    if (index >= 0) {
      mapping[field] = headers[index]!;
      used.add(index);
    }
  }
  // "Nom" alone with no "Prénom" column usually holds "Jean Dupont".
  if (mapping.lastName && !mapping.firstName && !mapping.fullName && normaliseHeader(mapping.lastName) === 'nom') {
    mapping.fullName = mapping.lastName;
    delete mapping.lastName;
  }
  return mapping;
}

/** Column positions for a mapping, resolved once per file. */
export function columnsOf(headers: string[], mapping: Mapping): [RawField, number][] {
  const out: [RawField, number][] = [];
  for (const [field, header] of Object.entries(mapping) as [RawField, string][]) {
    const index = headers.indexOf(header);
    if (index >= 0) out.push([field, index]);
  }
  return out;
}

export function rawLeadOf(cells: string[], columns: [RawField, number][]): RawLead {
  const raw: RawLead = {};
  for (const [field, index] of columns) raw[field] = cells[index] ?? '';
  return raw;
}

export function savedMapping(db: Db, sourceName: string): Mapping | null {
  const row = db.prepare('SELECT mapping FROM intake_mappings WHERE source_name = ?').get(sourceName) as { mapping: string } | undefined;
  if (!row) return null;
  const parsed = mappingSchema.safeParse(JSON.parse(row.mapping));
  return parsed.success ? parsed.data : null;
}

export function saveMapping(db: Db, sourceName: string, mapping: Mapping, now: number): void {
  db.prepare('INSERT INTO intake_mappings (source_name, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (source_name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at').run(sourceName, JSON.stringify(mapping), now);
}
