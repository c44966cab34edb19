/**
 * Column mapping: which file column fills which lead field. Proposed from the header names
 * French and English files use; the user corrects it and may save it per source, so next
 * month's file from the same partner maps itself.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { RAW_FIELDS, type RawField, type RawLead } from '../leads/prepare';
import { fold } from '../search/fold';

const MAX_HEADER = 200;

/** Lead field -> header name (as written in the file). */
export const mappingSchema = z.partialRecord(z.enum(RAW_FIELDS), z.string().max(MAX_HEADER));
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
  receivedAt: [
    'date de la demande',
    'date',
    'date demande',
    'date de demande',
    'date de creation',
    'date creation',
    'created',
    'created at',
    'created on',
    'creation date',
    'date created',
    'date received',
    'received',
    'received at',
    'received on',
    'reception',
    'date de reception',
    'date reception',
    'request date',
    'submitted at',
    'submitted on',
    'submission date',
    'horodatage',
    'timestamp',
    'date de l appel',
    'date d appel',
    'date appel',
    'date de l appel entrant',
    'call date',
    'date of call',
    'date of the call',
    'cree le',
    'creee le',
    'cree',
    'date du contact',
    'date de contact',
    'date contact',
    'contact date',
    'date du lead',
    'date lead',
    'lead date',
    'date de saisie',
    'date saisie',
    'saisi le',
    'date d entree',
    'date entree',
  ],
  source: ['source', 'origine', 'provenance', 'lead source', 'origin'],
  channel: ['canal', 'channel', 'medium', 'support'],
  campaign: ['campagne', 'campaign', 'utm campaign', 'operation'],
  product: ['produit', 'projet', 'product', 'project', 'interet', 'interest', 'type de projet', 'gamme'],
  comment: ['commentaire', 'commentaires', 'comment', 'comments', 'message', 'remarque', 'remarques', 'notes', 'note', 'observations', 'description'],
  externalRef: [
    'reference',
    'ref',
    'ref externe',
    'reference externe',
    'external ref',
    'external reference',
    'external id',
    'id externe',
    'id',
    'identifiant',
    'id lead',
    'lead id',
    'ref lead',
    'reference lead',
    'numero',
    'num',
    'n',
    'no',
    'numero de dossier',
    'n dossier',
    'n de dossier',
    'dossier',
    'ref dossier',
    'reference dossier',
    'numero lead',
    'n lead',
    'n de lead',
    'id appel',
    'ref appel',
    'reference appel',
    'numero d appel',
    'call id',
    'call reference',
    'ticket',
    'n ticket',
    'numero de ticket',
    'source id',
    'ref source',
    'reference source',
    'ref centre d appel',
    'reference centre d appel',
    'ref cc',
    'id fiche',
    'n fiche',
    'fiche',
    'record id',
    'uid',
    'ref client',
    'reference client',
  ],
  budget: [
    'budget',
    'budget estime',
    'budget client',
    'budget previsionnel',
    'budget ttc',
    'budget ht',
    'budget du projet',
    'budget projet',
    'enveloppe',
    'enveloppe budgetaire',
    'montant',
    'montant estime',
    'montant du projet',
    'estimated budget',
    'budget range',
    'amount',
    'estimated amount',
    'project budget',
  ],
  timeline: [
    'delai',
    'delais',
    'delai projet',
    'delai du projet',
    'delai de realisation',
    'delai souhaite',
    'echeance',
    'echeance projet',
    'horizon',
    'horizon projet',
    'timeline',
    'timing',
    'timeframe',
    'time frame',
    'quand',
    'date du projet',
    'date de projet',
    'date projet',
    'date souhaitee',
    'date de realisation',
    'date des travaux',
    'periode des travaux',
    'projet prevu',
    'when',
    'planned date',
    'project date',
    'urgence',
    'calendrier',
    'date de debut des travaux',
  ],
  departement: ['departement', 'dept', 'dep', 'dpt', 'code departement', 'n departement', 'numero departement', 'num departement', 'department', 'county'],
  consent: ['consentement', 'consent', 'optin', 'opt in', 'rgpd', 'gdpr', 'accord', 'accepte d etre contacte'],
};

/**
 * For headers no synonym names exactly: the words that give a column away ("Date appel
 * entrant CC", "Budget estimé (€)", "N° de dossier partenaire"). Tried after every exact
 * synonym, so "Numéro de téléphone" is the phone before it could be a reference.
 */
const PATTERNS: Partial<Record<RawField, { has: RegExp; not?: RegExp }>> = {
  receivedAt: {
    has: /\b(date|le|on|at)\b.*\b(appel|call|reception|received|creation|created|cree|creee|saisie|demande|request|lead|contact|entree|submitted)\b|\b(appel|call|reception|received|creation|created|cree|demande|request|contact)\b.*\b(date|le|on|at)\b/,
  },
  externalRef: {
    has: /^(ref|reference|id|identifiant|num|numero|n|no|dossier|ticket|fiche)\b/,
    not: /\b(tel|telephone|phone|mobile|portable|fax|siret|siren|tva|postal|cp|rue|voie|departement|dept)\b/,
  },
  budget: { has: /\b(budget|enveloppe)\b/ },
  timeline: { has: /\b(delai|delais|echeance|horizon|timeline|timing|timeframe)\b/ },
};

const normaliseHeader = (h: string) =>
  fold(h)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Exact synonym first, then the giveaway words; a header is used once; the first column wins a field. */
export function proposeMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<number>();
  const keys = headers.map(normaliseHeader);
  const take = (field: RawField, test: (key: string) => boolean) => {
    if (mapping[field]) return;
    const index = keys.findIndex((k, i) => !used.has(i) && headers[i]!.length <= MAX_HEADER && test(k));
    if (index >= 0) {
      mapping[field] = headers[index]!;
      used.add(index);
    }
  };
  for (const field of RAW_FIELDS) take(field, (k) => SYNONYMS[field].includes(k));
  for (const [field, pattern] of Object.entries(PATTERNS) as [RawField, { has: RegExp; not?: RegExp }][]) take(field, (k) => pattern.has.test(k) && !pattern.not?.test(k));
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

/** The columns no field took, by position, to keep on each lead under their header. */
export function extraColumnsOf(headers: string[], columns: [RawField, number][]): [string, number][] {
  const taken = new Set(columns.map(([, index]) => index));
  return headers.map((h, i): [string, number] => [h.trim() || `#${i + 1}`, i]).filter(([, i]) => !taken.has(i));
}

/** A row as lead text: the mapped cells, and the other non-empty cells under their headers. */
export function rawLeadOf(cells: string[], columns: [RawField, number][], extras: [string, number][] = []): RawLead {
  const raw: RawLead = {};
  for (const [field, index] of columns) raw[field] = cells[index] ?? '';
  const extra = extras.map(([name, index]) => ({ name, value: (cells[index] ?? '').trim() })).filter((e) => e.value !== '');
  if (extra.length) raw.extra = extra;
  return raw;
}

export function savedMapping(db: Db, sourceName: string): Mapping | null {
  const row = db.prepare('SELECT mapping FROM intake_mappings WHERE source_name = ?').get(sourceName) as { mapping: string } | undefined;
  if (!row) return null;
  const parsed = mappingSchema.safeParse(JSON.parse(row.mapping));
  return parsed.success ? parsed.data : null;
}

export function saveMapping(db: Db, sourceName: string, mapping: Mapping, now: number): void {
  db.prepare(
    'INSERT INTO intake_mappings (source_name, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (source_name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at',
  ).run(sourceName, JSON.stringify(mapping), now);
}
