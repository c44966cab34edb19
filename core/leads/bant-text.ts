/**
 * The budget and timeline a call center writes in free text ("15k€", "entre 10 et 20 k€",
 * "< 3 mois", "dès que possible", "Q2 2027"...) read into the lead's BANT answers. The reader
 * is strict on purpose: a word it does not know makes the cell unread (kept as typed, with a
 * warning) rather than guessed, since "pas avant 6 mois" is not "avant 6 mois". Pure: no
 * database, runs in the import worker.
 */
import { tr } from '../language';
import { fold } from '../search/fold';
import type { Timeline } from './schema';

export interface ReadAnswer<T> {
  value: T | null;
  /** Set when the text says something the reader could not turn into a value. */
  warning?: string;
}

/** What people write when they have no answer: nothing to read, nothing to warn about. */
const NO_ANSWER = new Set([
  '',
  '-',
  '--',
  '?',
  '??',
  '/',
  '.',
  'x',
  'nc',
  'n c',
  'nr',
  'na',
  'n a',
  'nsp',
  'ne sait pas',
  'ne sais pas',
  'sais pas',
  'je ne sais pas',
  'inconnu',
  'inconnue',
  'non communique',
  'non renseigne',
  'non defini',
  'non precise',
  'indetermine',
  'a definir',
  'a voir',
  'aucun',
  'aucune',
  'rien',
  'vide',
  'neant',
  'unknown',
  'dont know',
  'don t know',
  'not known',
  'n k',
  'tbd',
  'tbc',
  'none',
  'not given',
  'not specified',
  'undefined',
  'null',
  'pas d idee',
  'no idea',
]);

/** Letters and digits kept, everything else a single space: the comparison form of a cell. */
function words(text: string): string {
  return fold(text)
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[’'`´]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function isNoAnswer(text: string): boolean {
  return NO_ANSWER.has(
    words(text)
      .replace(/[^a-z0-9 ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

// ---------------------------------------------------------------------------------------- budget

/**
 * A number as French and English spreadsheets write it: "15 000", "15.000", "15,000",
 * "15 000,50", "15,000.50", "1,5", "1.5". A single separator followed by exactly three digits
 * groups thousands; otherwise it is the decimal mark.
 */
const NUMBER = String.raw`\d{1,3}(?:[ '.]\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?`;
const MULTIPLIER = String.raw`k\s?(?:eur|euros?|e)?|kilo|mille?s?|millions?|mio|m\s?(?:eur|euros?)|m(?=\s*(?:€|e\b|$))`;
const AMOUNT = new RegExp(String.raw`(${NUMBER})\s*(${MULTIPLIER})?(?![a-z0-9])`, 'g');

function numberValue(raw: string): number {
  if (/^\d{1,3}(?:[ '.]\d{3})+(?:,\d+)?$/.test(raw)) return Number(raw.replace(/[ '.]/g, '').replace(',', '.'));
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw)) return Number(raw.replace(/,/g, ''));
  return Number(raw.replace(',', '.'));
}

function multiplierValue(raw: string | undefined): number {
  if (!raw) return 1;
  if (/^(?:k|kilo)/.test(raw) || /^mille?s?$/.test(raw)) return 1_000;
  return 1_000_000;
}

/** Words a budget cell may hold around its figures: currency, taxes, bounds, range words. */
const BUDGET_WORDS = new Set([
  'eur',
  'euro',
  'euros',
  'e',
  'ht',
  'ttc',
  'hors',
  'taxes',
  'taxe',
  'tva',
  'incl',
  'excl',
  'vat',
  'tax',
  'env',
  'environ',
  'approx',
  'approximativement',
  'about',
  'around',
  'circa',
  'ca',
  'entre',
  'et',
  'de',
  'a',
  'to',
  'and',
  'between',
  'from',
  'ou',
  'or',
  'budget',
  'enveloppe',
  'montant',
  'maxi',
  'max',
  'maximum',
  'mini',
  'min',
  'minimum',
  'moins',
  'plus',
  'que',
  'd',
  'jusqu',
  'jusque',
  'au',
  'up',
  'under',
  'below',
  'less',
  'than',
  'over',
  'above',
  'more',
  'at',
  'least',
  'superieur',
  'inferieur',
  'sup',
  'inf',
  'estime',
  'estimation',
  'prevu',
  'autour',
  'du',
  'des',
  'par',
  'total',
]);
const FOREIGN_CURRENCY = /[$£¥₣]|\b(?:usd|gbp|chf|cad|dollars?|livres?|pounds?|francs? suisses?)\b/;
const MAX_EUROS = 100_000_000;

function budgetWarning(text: string, why: string): ReadAnswer<number> {
  return { value: null, warning: tr(`Budget "${text}" not read (${why}); kept as typed`, `Budget « ${text} » non lu (${why}) ; conservé tel que saisi`) };
}

interface Amount {
  euros: number;
  /** What the figure was written in: 1000 for "20 k" or "20 000", 1 for "20". */
  scale: number;
}

/**
 * A budget cell in euros -> cents. A range counts for its lower end (the amount the person
 * surely has), a bound ("< 10 k€", "plus de 20 000 €") for its only figure; the words around
 * stay in the kept text. "10 à 20 000 €" and "entre 10 et 20 k€" carry the thousands of the
 * upper end to the lower one.
 */
export function readBudget(raw: string): ReadAnswer<number> {
  const text = raw.trim();
  if (isNoAnswer(text)) return { value: null };
  // "15000e", "15 000 EUR": the currency glued to the figure, made a separate word.
  const folded = words(text).replace(/(\d)\s*(?:e|eur|euros?)\b/g, '$1 €');
  if (FOREIGN_CURRENCY.test(folded)) return budgetWarning(text, tr('not in euros', 'pas en euros'));
  const amounts: Amount[] = [];
  const rest = folded.replace(AMOUNT, (_m, n: string, mult: string | undefined) => {
    const scale = mult ? multiplierValue(mult) : /[ '.,]\d{3}/.test(n) ? 1_000 : 1;
    amounts.push({ euros: numberValue(n) * multiplierValue(mult), scale });
    return ' ';
  });
  const unknown = rest
    .replace(/[€<>≤≥=~+\-–—/():;,.]+/g, ' ')
    .split(' ')
    .filter((w) => w && !BUDGET_WORDS.has(w));
  if (amounts.length === 0) return budgetWarning(text, tr('no amount', 'aucun montant'));
  if (unknown.length) return budgetWarning(text, tr(`unknown words: ${unknown.join(' ')}`, `mots inconnus : ${unknown.join(' ')}`));
  if (amounts.length > 2) return budgetWarning(text, tr('more than two amounts', 'plus de deux montants'));
  const [first, second] = amounts as [Amount, Amount | undefined];
  let low = first.euros;
  if (second) {
    if (first.scale === 1 && second.scale > 1 && low * second.scale <= second.euros) low *= second.scale;
    low = Math.min(low, second.euros);
  }
  if (!Number.isFinite(low) || low > MAX_EUROS) return budgetWarning(text, tr('implausible amount', 'montant invraisemblable'));
  return { value: Math.round(low * 100) };
}

// -------------------------------------------------------------------------------------- timeline

/** Phrases that say "now" or "no hurry" without a figure. */
const IMMEDIATE = [
  'asap',
  'des que possible',
  'au plus vite',
  'au plus tot',
  'le plus vite possible',
  'le plus tot possible',
  'des maintenant',
  'maintenant',
  'immediat',
  'immediate',
  'immediatement',
  'urgent',
  'urgente',
  'urgence',
  'tres urgent',
  'tout de suite',
  'de suite',
  'rapidement',
  'rapide',
  'vite',
  'cette semaine',
  'semaine prochaine',
  'ce mois',
  'ce mois ci',
  'dans le mois',
  'now',
  'immediately',
  'right away',
  'right now',
  'as soon as possible',
  'urgently',
  'this week',
  'next week',
  'this month',
  'within the month',
  'short term',
  'court terme',
];
const WITHIN_3 = [
  'ce trimestre',
  'dans le trimestre',
  'this quarter',
  'within the quarter',
  'mois prochain',
  'le mois prochain',
  'next month',
  'dans les prochaines semaines',
  'in the coming weeks',
  'coming weeks',
];
const WITHIN_6 = [
  'ce semestre',
  'dans le semestre',
  'trimestre prochain',
  'le trimestre prochain',
  'prochain trimestre',
  'next quarter',
  'within six months',
  'moyen terme',
  'medium term',
  'mid term',
  'dans les prochains mois',
  'in the coming months',
  'coming months',
];
const LATER = [
  'dans l annee',
  'cette annee',
  'd ici la fin de l annee',
  'd ici fin d annee',
  'fin d annee',
  'avant la fin de l annee',
  'l an prochain',
  'l annee prochaine',
  'annee prochaine',
  'an prochain',
  'plus tard',
  'long terme',
  'pas presse',
  'pas pressee',
  'pas urgent',
  'pas d urgence',
  'sans urgence',
  'un jour',
  'a terme',
  'later',
  'long term',
  'no rush',
  'not urgent',
  'no hurry',
  'this year',
  'within the year',
  'within a year',
  'in the year',
  'next year',
  'by the end of the year',
  'end of year',
  'someday',
  'some day',
  'eventually',
];
const PHRASES = new Map<string, Timeline>([
  ...IMMEDIATE.map((p) => [p, 'immediate'] as const),
  ...WITHIN_3.map((p) => [p, 'within_3_months'] as const),
  ...WITHIN_6.map((p) => [p, 'within_6_months'] as const),
  ...LATER.map((p) => [p, 'later'] as const),
]);

const NUMBER_WORDS: Record<string, number> = {
  un: 1,
  une: 1,
  one: 1,
  deux: 2,
  two: 2,
  trois: 3,
  three: 3,
  quatre: 4,
  four: 4,
  cinq: 5,
  five: 5,
  six: 6,
  sept: 7,
  seven: 7,
  huit: 8,
  eight: 8,
  neuf: 9,
  nine: 9,
  dix: 10,
  ten: 10,
  onze: 11,
  eleven: 11,
  douze: 12,
  twelve: 12,
  quinze: 15,
  fifteen: 15,
  'dix huit': 18,
  eighteen: 18,
  'vingt quatre': 24,
  'twenty four': 24,
};
const UNIT_MONTHS: [RegExp, number][] = [
  [/^(?:j|jr|jrs|jours?|days?|d)$/, 1 / 30],
  [/^(?:sem|sems|semaines?|weeks?|wks?|w)$/, 7 / 30],
  [/^(?:m|mo|mos|mois|months?|mths?)$/, 1],
  [/^(?:trimestres?|quarters?)$/, 3],
  [/^(?:semestres?)$/, 6],
  [/^(?:ans?|annees?|years?|yrs?|y)$/, 12],
];
/** Words around a duration that change nothing ("projet dans 3 mois environ"). */
const TIMELINE_FILLER = new Set([
  'dans',
  'd',
  'ici',
  'sous',
  'en',
  'le',
  'la',
  'les',
  'l',
  'de',
  'du',
  'des',
  'un',
  'une',
  'projet',
  'travaux',
  'realisation',
  'delai',
  'horizon',
  'environ',
  'env',
  'approx',
  'about',
  'around',
  'prevu',
  'prevus',
  'prevue',
  'souhaite',
  'idealement',
  'ideally',
  'within',
  'in',
  'the',
  'next',
  'prochains',
  'prochaines',
  'for',
  'by',
  'et',
  'a',
  'to',
  'and',
  'entre',
  'between',
  'from',
  'ou',
  'or',
  'pas',
  'not',
  'max',
  'maxi',
  'maximum',
  'au',
  'plus',
  'tard',
  'moins',
  'less',
  'than',
  'under',
  'up',
  'avant',
  'before',
  'over',
  'more',
  'apres',
  'after',
  'beyond',
  'au dela',
  'dela',
  'least',
  'at',
  'min',
  'minimum',
  'mini',
]);
/** Words that put the figure as a lower bound ("plus de 6 mois", "pas avant 6 mois", "6 mois et plus"). */
const LOWER_BOUND =
  /(?:^|\s)(?:>|≥|plus de|\+ de|au dela|pas avant|not before|more than|over|after|apres|beyond|at least|au moins|min|minimum|mini)(?:\s|\d|$)|(?:\+|et plus|or more|and more|plus)\s*$/;
// "6+ months", "12 mois +": a plus sign after the figure.
const PLUS_AFTER = /\d\s*(?:[a-z]+\s*)?\+(?!\s*\d)/;
const NEGATION = /(?:^|\s)(?:pas|not|no|non|jamais|never)(?:\s|$)/;

/** Months from the reception to the person's horizon -> the BANT timeline class. */
function classOf(months: number): Timeline {
  if (months <= 1) return 'immediate';
  if (months <= 3) return 'within_3_months';
  if (months <= 6) return 'within_6_months';
  return 'later';
}

function timelineWarning(text: string, why: string): ReadAnswer<Timeline> {
  return { value: null, warning: tr(`Timeline "${text}" not read (${why}); kept as typed`, `Délai « ${text} » non lu (${why}) ; conservé tel que saisi`) };
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  january: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  feb: 2,
  february: 2,
  mars: 3,
  mar: 3,
  march: 3,
  avril: 4,
  avr: 4,
  apr: 4,
  april: 4,
  mai: 5,
  may: 5,
  juin: 6,
  jun: 6,
  june: 6,
  juillet: 7,
  juil: 7,
  jul: 7,
  july: 7,
  aout: 8,
  aug: 8,
  august: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  september: 9,
  octobre: 10,
  oct: 10,
  october: 10,
  novembre: 11,
  nov: 11,
  november: 11,
  decembre: 12,
  dec: 12,
  december: 12,
};
/** Parts of a year people name, by their first month (winter 2027 starts in December 2027). */
const PERIODS: Record<string, number> = {
  printemps: 3,
  spring: 3,
  ete: 6,
  summer: 6,
  automne: 9,
  autumn: 9,
  fall: 9,
  hiver: 12,
  winter: 12,
  debut: 1,
  early: 1,
  mi: 5,
  milieu: 5,
  mid: 5,
  fin: 9,
  late: 9,
  end: 9,
  q1: 1,
  t1: 1,
  q2: 4,
  t2: 4,
  q3: 7,
  t3: 7,
  q4: 10,
  t4: 10,
  s1: 1,
  h1: 1,
  s2: 7,
  h2: 7,
};

/**
 * A date horizon: "mars 2027", "03/2027", "2027-03", "printemps 2027", "fin 2026", "Q2 2027",
 * or a month alone (the next one after the reception): months to its start, when the project
 * may begin. A bare year ("2027") is too loose for that and counts from its middle.
 */
function monthsToDate(folded: string, receivedAt: number): number | null {
  const at = new Date(receivedAt);
  const from = at.getUTCFullYear() * 12 + at.getUTCMonth() + at.getUTCDate() / 31;
  const span = (year: number, month: number) => year * 12 + month - 1 - from;
  const cleaned = folded
    .replace(/(?:^|\s)(?:en|pour|for|in|by|vers|around|d ici|courant|de l|de|du|l)(?=\s)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let m = /^(\d{1,2})[/.-](\d{4})$/.exec(cleaned) ?? null;
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 12 ? span(Number(m[2]), Number(m[1])) : null;
  m = /^(\d{4})-(\d{1,2})$/.exec(cleaned);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? span(Number(m[1]), Number(m[2])) : null;
  m = /^(?:([a-z]+\d?|\d[a-z]?) )?(20\d{2})$/.exec(cleaned.replace(/[-–]/g, ' ').replace(/\s+/g, ' '));
  if (m) {
    const year = Number(m[2]);
    if (!m[1]) return span(year, 6.5);
    const key = m[1].replace(/^(\d)t$/, 't$1').replace(/^(\d)q$/, 'q$1');
    if (Object.hasOwn(MONTHS, key)) return span(year, MONTHS[key]!);
    if (Object.hasOwn(PERIODS, key)) return span(year, PERIODS[key]!);
    return null;
  }
  if (Object.hasOwn(MONTHS, cleaned)) {
    const month = MONTHS[cleaned]!;
    const year = at.getUTCFullYear() + (month < at.getUTCMonth() + 1 ? 1 : 0);
    return span(year, month);
  }
  return null;
}

/** Durations in the text, in months, each unit carried back to the bare figures before it ("3 à 6 mois"). */
function durations(folded: string): { months: number[]; rest: string } | null {
  // "a year", "an hour": the English article as a figure (the French "an" is a unit).
  let text = ` ${folded.replace(/-/g, ' ')} `.replace(/ an? (?=(?:year|month|week|day|quarter)s? )/g, ' 1 ');
  for (const [word, n] of Object.entries(NUMBER_WORDS).sort((a, b) => b[0].length - a[0].length)) text = text.replaceAll(` ${word} `, ` ${n} `).replaceAll(` ${word} `, ` ${n} `);
  const tokens = text
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/[<>≤≥+\-–—/~:;,.()]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  const figures: number[] = [];
  const months: number[] = [];
  const rest: string[] = [];
  for (const token of tokens) {
    if (/^\d+$/.test(token)) figures.push(Number(token));
    else {
      const unit = UNIT_MONTHS.find(([re]) => re.test(token));
      if (unit && figures.length) months.push(...figures.splice(0).map((f) => f * unit[1]));
      else rest.push(token);
    }
  }
  if (figures.length) return null;
  return { months, rest: rest.join(' ') };
}

/**
 * A timeline cell -> the BANT class, from the latest horizon the person gives ("6-12 mois": 12
 * months, later), or just past the figure for a lower bound ("plus de 3 mois": within 6 months).
 * A date is read against the lead's reception.
 */
export function readTimeline(raw: string, receivedAt: number): ReadAnswer<Timeline> {
  const text = raw.trim();
  if (isNoAnswer(text)) return { value: null };
  const folded = words(text)
    .replace(/[!?.]+$/, '')
    .trim();
  const phrase = PHRASES.get(
    folded
      .replace(/[^a-z0-9 ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (phrase) return { value: phrase };
  const dated = monthsToDate(folded, receivedAt);
  if (dated !== null) return { value: classOf(Math.max(0, dated)) };
  const found = durations(folded);
  if (!found || found.months.length === 0) return timelineWarning(text, tr('no delay or date found', 'aucun délai ni date trouvé'));
  if (found.months.length > 2) return timelineWarning(text, tr('more than two delays', 'plus de deux délais'));
  const unknown = found.rest.split(' ').filter((w) => w && !TIMELINE_FILLER.has(w));
  if (unknown.length) return timelineWarning(text, tr(`unknown words: ${unknown.join(' ')}`, `mots inconnus : ${unknown.join(' ')}`));
  const lower = LOWER_BOUND.test(folded) || PLUS_AFTER.test(folded);
  if (NEGATION.test(folded) && !lower) return timelineWarning(text, tr('a negation', 'une négation'));
  const horizon = lower ? Math.min(...found.months) + 0.01 : Math.max(...found.months);
  return { value: classOf(horizon) };
}
