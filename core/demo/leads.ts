/**
 * Demo people: plausible prospects placed in real communes in proportion to their population,
 * with the product labels, budgets and timelines call-center files really carry, as raw text
 * for the app to normalise (history.ts creates and imports them). Deterministic: drawn from a
 * seeded generator.
 */
import type { Context } from '../commands/define';
import { places } from '../geo/places';
import { parisTime } from '../leads/dates';
import type { LeadInput } from '../leads/schema';
import { prepareLead } from '../leads/prepare';
import { computeScore, readScoring } from '../leads/scoring';
import { EMPTY_AINT, EMPTY_BANT, rawOf } from '../leads/service';
import { addEvent, insertLead } from '../leads/store';
import { fold } from '../search/fold';
import { addDaysToDate, dateParts, parisDay } from '../../common/paris';
import { PRODUCT_LINES } from './network';

export const DEMO_SOURCES = ['Site web', 'Salon', 'Partenaire', 'Appel entrant', 'Campagne e-mailing', 'Facebook Ads'] as const;
export type DemoSource = (typeof DEMO_SOURCES)[number];
const CHANNEL: Record<DemoSource, string> = {
  'Site web': 'Formulaire',
  Salon: 'Stand',
  Partenaire: 'Apport',
  'Appel entrant': 'Téléphone',
  'Campagne e-mailing': 'E-mail',
  'Facebook Ads': 'Réseaux sociaux',
};
const MEN = ['Jean', 'Pierre', 'Michel', 'Philippe', 'Nicolas', 'Julien', 'Thomas', 'Antoine', 'Laurent', 'Olivier', 'Christophe', 'François', 'Hugo', 'Louis', 'Mathieu'];
const WOMEN = ['Marie', 'Nathalie', 'Isabelle', 'Sophie', 'Camille', 'Claire', 'Élodie', 'Julie', 'Céline', 'Sandrine', 'Anne', 'Léa', 'Chloé', 'Manon', 'Valérie'];
const LAST = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefebvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
];
const DOMAINS = ['gmail.com', 'orange.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'hotmail.fr', 'wanadoo.fr'];

/** mulberry32: small, fast, and the same sequence on every machine (the benches use it too). */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Place = { postalCode: string; city: string };

/** Communes weighted by population (cumulative table + binary search). */
export function placePicker(): (r: number) => Place {
  let list: { postalCode: string; city: string; population: number }[];
  try {
    list = places()
      .all.filter((c) => c.population > 0 && c.departement.length === 2)
      .map((c) => ({ postalCode: c.postalCodes[0]!, city: c.name, population: c.population }));
  } catch {
    list = [
      { postalCode: '75011', city: 'Paris', population: 1 },
      { postalCode: '69003', city: 'Lyon', population: 1 },
      { postalCode: '37000', city: 'Tours', population: 1 },
    ];
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const c of list) cumulative.push((total += c.population));
  return (r) => {
    const target = r * total;
    let lo = 0,
      hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return list[lo]!;
  };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/**
 * How call-center files write each demo line besides its name: case, accents, punctuation,
 * synonyms and abbreviations the catalogue knows, so the demo shows them resolved.
 */
const SPELLINGS: Record<(typeof PRODUCT_LINES)[number], string[]> = {
  'Pompe à chaleur air-eau': ['PAC Air/Eau', 'pac air-eau', 'Pompe à chaleur', 'Aérothermie', 'POMPE A CHALEUR AIR EAU'],
  Photovoltaïque: ['Solaire', 'panneaux solaires', 'PV', 'PHOTOVOLTAIQUE'],
  'Poêle à granulés': ['POELE GRANULES', 'Poêle à pellets', 'poele a granules'],
  'Pompe à chaleur air-air': ['Climatisation', 'Clim réversible', 'PAC air-air'],
  'Isolation des combles': ['Combles perdus', 'ISOLATION COMBLES', 'isolation des combles'],
};
/** Labels no catalogue line names, to show the unknown-label list: ambiguous, or a product the network does not sell. */
const UNKNOWN_LABELS = ['Isolation', 'Chaudière gaz', 'PAC Daikin Altherma', 'Piscine'];

/** One draw: mostly a line's name, about one in six another spelling, one in thirty an unknown label. */
function demoProduct(x: number): string {
  const i = Math.floor(x * PRODUCT_LINES.length);
  const line = PRODUCT_LINES[i]!;
  const rest = x * PRODUCT_LINES.length - i;
  if (rest < 0.8) return line;
  if (rest < 0.967) return SPELLINGS[line][Math.floor(((rest - 0.8) / 0.167) * SPELLINGS[line].length)] ?? line;
  return UNKNOWN_LABELS[Math.floor(((rest - 0.967) / 0.033) * UNKNOWN_LABELS.length)] ?? UNKNOWN_LABELS[0]!;
}

/** A demo lead's answers to budget and timeline, as a call-center file writes them. */
const BUDGETS = ['8 000 €', '10 000 à 15 000 €', '12 000 €', '15 000 €', '20 000 €', 'environ 9 000 €', '25 000 €', ''];
const TIMELINES = ['Dès que possible', 'Dans les 3 mois', 'Ce semestre', 'Dans l’année', 'Pas pressé', ''];

/** What a person or a file gives for one demo lead: raw text, normalised by the app as it is created or imported. */
export type DemoLead = Omit<LeadInput, 'companySize' | 'receivedAt' | 'consentAt' | 'source'> & {
  source: DemoSource;
  receivedAt: number;
  companySize: number | null;
  consent: boolean;
  budget: string;
  timeline: string;
};

export function demoLead(r: () => number, place: Place, receivedAt: number, source: DemoSource): DemoLead {
  const woman = r() < 0.5;
  const first = pick(r, woman ? WOMEN : MEN);
  const last = pick(r, LAST);
  const digits = String(Math.floor(r() * 1e8)).padStart(8, '0');
  const company = r() < 0.15 ? `${last} ${pick(r, ['SARL', 'SAS', '& Fils', 'Immobilier'])}` : '';
  const consent = source !== 'Salon' || r() < 0.7;
  return {
    civility: woman ? 'Mme' : 'M.',
    firstName: first,
    lastName: last,
    phone: `+33${r() < 0.8 ? 6 : 7}${digits}`,
    email: r() < 0.75 ? `${fold(first).replace(/[^a-z]/g, '')}.${fold(last).replace(/[^a-z]/g, '')}${Math.floor(r() * 100)}@${pick(r, DOMAINS)}` : '',
    company,
    companySize: company ? 1 + Math.floor(r() * 80) : null,
    address: `${1 + Math.floor(r() * 120)} ${pick(r, ['rue de la Gare', 'avenue de la République', 'chemin des Vignes', 'rue Pasteur', 'place de l’Église'])}`,
    postalCode: place.postalCode,
    city: place.city,
    country: 'FR',
    source,
    channel: CHANNEL[source],
    campaign: source === 'Campagne e-mailing' || source === 'Facebook Ads' ? pick(r, ['Printemps rénovation', 'Prime énergie', 'Offre hiver']) : '',
    product: demoProduct(r()),
    comment: r() < 0.3 ? pick(r, ['Rappeler le soir', 'Souhaite un devis rapide', 'Maison de 120 m²', 'A déjà un devis concurrent']) : '',
    consent,
    consentHow: consent ? `Formulaire ${source}` : '',
    consentFor: consent ? 'contact commercial' : '',
    receivedAt,
    budget: pick(r, BUDGETS),
    timeline: pick(r, TIMELINES),
  };
}

/** The share of leads each source brings. */
const SOURCE_WEIGHTS: Record<DemoSource, number> = { 'Site web': 0.3, 'Appel entrant': 0.22, 'Facebook Ads': 0.15, Partenaire: 0.13, 'Campagne e-mailing': 0.12, Salon: 0.08 };
/** Trade shows: first day (days after the start of the history) and length. */
export const SHOWS: [first: number, days: number, name: string][] = [
  [44, 3, 'Salon de l’habitat'],
  [128, 4, 'Foire éco-rénovation'],
];
/** Hours of the day leads come in (Paris time) and their weights: office hours and the evening. */
const HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
const HOUR_WEIGHTS = [1, 3, 6, 7, 7, 5, 5, 6, 6, 6, 5, 5, 4, 4, 3, 1];

function weighted<T>(r: () => number, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/** The leads of `days` days from `firstDay`, earliest first: fewer at weekends, a little more each month. */
export function demoArrivals(r: () => number, firstDay: string, days: number, count: number): DemoLead[] {
  const pickPlace = placePicker();
  const sources = DEMO_SOURCES.map((s) => SOURCE_WEIGHTS[s]);
  const out: DemoLead[] = [];
  while (out.length < count) {
    const day = Math.floor(r() * days);
    const date = addDaysToDate(firstDay, day);
    const [y, m, d] = dateParts(date);
    const weekend = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7 >= 5;
    if (r() > (weekend ? 0.45 : 1) * (0.75 + (0.25 * day) / days)) continue;
    const source = weighted(r, DEMO_SOURCES, sources);
    let receivedAt = at(date, weighted(r, HOURS, HOUR_WEIGHTS), Math.floor(r() * 60));
    if (source === 'Salon') {
      const [first, length] = pick(r, SHOWS);
      receivedAt = at(addDaysToDate(firstDay, first + Math.floor(r() * length)), 10 + Math.floor(r() * 9), Math.floor(r() * 60));
    }
    out.push(demoLead(r, pickPlace(r()), receivedAt, source));
  }
  return out.sort((a, b) => a.receivedAt - b.receivedAt);
}

/** Paris wall-clock time on a date (YYYY-MM-DD). */
export function at(date: string, hour: number, minute = 0): number {
  const [y, m, d] = dateParts(date);
  return parisTime(y, m, d, hour, minute)!;
}

/**
 * Fixtures and benches that need many leads fast (thousands of overdue dispatches, random
 * payloads): the demo's arrivals over the `days` days before today, stored as received (status new)
 * in one transaction, without the history's play. Does nothing if leads exist.
 */
export function seedDemoLeads(ctx: Context, { count, now, days = 182 }: { count: number; now: number; days?: number }): number {
  if ((ctx.db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n > 0) return 0;
  const scoring = readScoring(ctx.db);
  const leads = demoArrivals(generator(20261123), addDaysToDate(parisDay(now), -days), days, count);
  ctx.db.transaction(() => {
    for (const lead of leads) {
      const { fields } = prepareLead(rawOf({ ...lead, companySize: lead.companySize }), { now: lead.receivedAt });
      const stored = { ...fields, receivedAt: lead.receivedAt, consentAt: lead.consent ? lead.receivedAt : null, consentHow: lead.consentHow, consentFor: lead.consentFor };
      const score = computeScore({ ...stored, bant: EMPTY_BANT, aint: EMPTY_AINT }, scoring);
      const id = insertLead(ctx.db, { fields: stored, score: score.score, scoreBreakdown: score.breakdown }, lead.receivedAt);
      addEvent(ctx.db, id, 'created', lead.receivedAt, 'demo', { via: lead.source });
    }
  })();
  return leads.length;
}
