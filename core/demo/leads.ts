/**
 * Demo leads: a few thousand plausible leads over the last six months, placed in real
 * communes in proportion to their population, so the queue, the lists and the map have
 * something to show. Deterministic: a seeded generator, the same leads for the same count and now.
 */
import type { Context } from '../commands/define';
import { places } from '../geo/places';
import { addDaysToDate, parisDay } from '../../common/paris';
import { locateLead } from '../leads/geocoding';
import type { LeadFields, LeadStatus, Temperature } from '../leads/schema';
import { computeScore, readScoring } from '../leads/scoring';
import { EMPTY_AINT, EMPTY_BANT } from '../leads/service';
import { addEvent, insertLead, updateColumns } from '../leads/store';
import { fold } from '../search/fold';
import { PRODUCT_LINES } from './network';

export const DEMO_SOURCES = ['Site web', 'Salon', 'Partenaire', 'Appel entrant', 'Campagne e-mailing', 'Facebook Ads'] as const;
const CHANNEL: Record<(typeof DEMO_SOURCES)[number], string> = {
  'Site web': 'Formulaire', Salon: 'Stand', Partenaire: 'Apport', 'Appel entrant': 'Téléphone', 'Campagne e-mailing': 'E-mail', 'Facebook Ads': 'Réseaux sociaux',
};
const MEN = ['Jean', 'Pierre', 'Michel', 'Philippe', 'Nicolas', 'Julien', 'Thomas', 'Antoine', 'Laurent', 'Olivier', 'Christophe', 'François', 'Hugo', 'Louis', 'Mathieu'];
const WOMEN = ['Marie', 'Nathalie', 'Isabelle', 'Sophie', 'Camille', 'Claire', 'Élodie', 'Julie', 'Céline', 'Sandrine', 'Anne', 'Léa', 'Chloé', 'Manon', 'Valérie'];
const LAST = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia'];
const DOMAINS = ['gmail.com', 'orange.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'hotmail.fr', 'wanadoo.fr'];
const DAY = 86_400_000;

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

type Place = { postalCode: string; city: string };

/** Communes weighted by population (cumulative table + binary search). */
function placePicker(): (r: number) => Place {
  let list: { postalCode: string; city: string; population: number }[];
  try {
    list = places().all.filter((c) => c.population > 0 && c.departement.length === 2).map((c) => ({ postalCode: c.postalCodes[0]!, city: c.name, population: c.population }));
  } catch {
    list = [{ postalCode: '75011', city: 'Paris', population: 1 }, { postalCode: '69003', city: 'Lyon', population: 1 }, { postalCode: '37000', city: 'Tours', population: 1 }];
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const c of list) cumulative.push((total += c.population));
  return (r) => {
    const target = r * total;
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return list[lo]!;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
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

function demoFields(r: () => number, place: Place, receivedAt: number): LeadFields {
  const woman = r() < 0.5;
  const first = pick(r, woman ? WOMEN : MEN);
  const last = pick(r, LAST);
  const source = pick(r, DEMO_SOURCES);
  const digits = String(Math.floor(r() * 1e8)).padStart(8, '0');
  const company = r() < 0.15 ? `${last} ${pick(r, ['SARL', 'SAS', '& Fils', 'Immobilier'])}` : '';
  const consent = source !== 'Salon' || r() < 0.7;
  return {
    civility: woman ? 'Mme' : 'M.', firstName: first, lastName: last, phone: `+33${r() < 0.8 ? 6 : 7}${digits}`,
    email: r() < 0.75 ? `${fold(first).replace(/[^a-z]/g, '')}.${fold(last).replace(/[^a-z]/g, '')}${Math.floor(r() * 100)}@${pick(r, DOMAINS)}` : '',
    company, companySize: company ? 1 + Math.floor(r() * 80) : null, address: `${1 + Math.floor(r() * 120)} ${pick(r, ['rue de la Gare', 'avenue de la République', 'chemin des Vignes', 'rue Pasteur', 'place de l’Église'])}`,
    postalCode: place.postalCode, city: place.city, country: 'FR', ...locateLead({ postalCode: place.postalCode, city: place.city, country: 'FR', departement: null }).geo,
    source, channel: CHANNEL[source], campaign: source === 'Campagne e-mailing' || source === 'Facebook Ads' ? pick(r, ['Printemps rénovation', 'Prime énergie', 'Offre hiver']) : '',
    product: demoProduct(r()), comment: r() < 0.3 ? pick(r, ['Rappeler le soir', 'Souhaite un devis rapide', 'Maison de 120 m²', 'A déjà un devis concurrent']) : '',
    consentAt: consent ? receivedAt : null, consentHow: consent ? `Formulaire ${source}` : '', consentFor: consent ? 'contact commercial' : '', receivedAt,
    externalRef: '', budgetText: '', timelineText: '', extra: [], locationCheck: null,
  };
}

/** Older leads have been worked; the last few days are still in the queue. */
function demoStatus(r: () => number, ageDays: number): LeadStatus {
  if (ageDays < 3) return r() < 0.85 ? 'new' : 'qualified';
  const x = r();
  if (ageDays < 14) return x < 0.35 ? 'new' : x < 0.7 ? 'qualified' : x < 0.85 ? 'discarded' : 'nurturing';
  return x < 0.55 ? 'qualified' : x < 0.8 ? 'discarded' : x < 0.97 ? 'nurturing' : 'new';
}

export function seedDemoLeads(ctx: Context, { count, now }: { count: number; now: number }): number {
  if ((ctx.db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n > 0) return 0;
  const r = generator(20261123);
  const pickPlace = placePicker();
  const scoring = readScoring(ctx.db);
  const today = parisDay(now);
  ctx.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const ageDays = r() * 182;
      const fields = demoFields(r, pickPlace(r()), Math.round(now - ageDays * DAY));
      const score = computeScore({ ...fields, bant: EMPTY_BANT, aint: EMPTY_AINT }, scoring);
      const id = insertLead(ctx.db, { fields, score: score.score, scoreBreakdown: score.breakdown }, fields.receivedAt);
      addEvent(ctx.db, id, 'created', fields.receivedAt, 'demo', { via: fields.source });
      const status = demoStatus(r, ageDays);
      if (status === 'new') continue;
      const at = fields.receivedAt + Math.round(r() * Math.min(ageDays, 2) * DAY);
      const temperature: Temperature = status === 'nurturing' ? 'cold' : score.suggestedTemperature;
      const requalifyOn = status === 'nurturing' ? addDaysToDate(today, Math.floor(r() * 90) - 7) : null;
      updateColumns(ctx.db, id, { status, temperature: status === 'discarded' ? null : temperature, requalify_on: requalifyOn }, at);
      const data = status === 'discarded' ? { from: 'new', reason: pick(r, ['Faux numéro', 'Hors zone', 'Doublon', 'Pas de projet']) } : status === 'nurturing' ? { from: 'new', requalifyOn } : { from: 'new', temperature };
      addEvent(ctx.db, id, status, at, 'demo', data);
    }
  })();
  return count;
}
