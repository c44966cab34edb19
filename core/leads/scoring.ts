/**
 * Lead scoring: points from what the lead is (source, channel, campaign, product, place,
 * company size) and from the qualifier's BANT / AINT answers; thresholds turn the total into a
 * suggested temperature. The breakdown is stored with the score so a qualifier sees why.
 */
import { z } from 'zod';
import { zmsg } from '../language';
import { prepared, type Db } from '../db/connection';
import { loadCatalogue, type Catalogue } from '../products/catalogue';
import { fold } from '../search/fold';
import { type Aint, type Bant, type LeadFields, type ScoreLine } from './schema';
import { AUTHORITY, INTEREST, NEED, TIMELINE, type Temperature } from '../../common/leads';

const points = z.number().int().min(-1000).max(1000);
const TABLE_ROWS = 500;
const table = z.record(z.string().max(120), points).refine((t) => Object.keys(t).length <= TABLE_ROWS, zmsg(`At most ${TABLE_ROWS} values`, `${TABLE_ROWS} valeurs au plus`));
const steps = z.array(z.object({ min: z.number().min(0), points })).max(20);

export const scoringRulesSchema = z.object({
  source: table.default({}),
  channel: table.default({}),
  campaign: table.default({}),
  product: table.default({}),
  departement: table.default({}),
  country: table.default({}),
  /** Points for the largest step whose `min` (employees) the company reaches. */
  companySize: steps.default([]),
  /** Points for the largest step whose `min` (cents) the stated budget reaches. */
  budget: steps.default([]),
  authority: z.partialRecord(z.enum(AUTHORITY), points).default({}),
  need: z.partialRecord(z.enum(NEED), points).default({}),
  timeline: z.partialRecord(z.enum(TIMELINE), points).default({}),
  interest: z.partialRecord(z.enum(INTEREST), points).default({}),
  thresholds: z.object({ hot: points, warm: points }).refine((t) => t.hot > t.warm, { message: 'The hot threshold must be above the warm one', path: ['hot'] }),
});
export type ScoringRules = z.output<typeof scoringRulesSchema>;

export const DEFAULT_RULES: ScoringRules = {
  source: { 'Appel entrant': 30, Salon: 25, Partenaire: 20, 'Site web': 15, 'Campagne e-mailing': 5, 'Facebook Ads': 0 },
  channel: {},
  campaign: {},
  // Keyed by catalogue line: "PAC" or "Pompe à chaleur" on a lead score as their line.
  product: { 'Pompe à chaleur air-eau': 15, Photovoltaïque: 10, 'Poêle à granulés': 5 },
  departement: {},
  country: { FR: 0 },
  companySize: [
    { min: 10, points: 5 },
    { min: 50, points: 10 },
  ],
  budget: [
    { min: 500_000, points: 10 },
    { min: 1_500_000, points: 20 },
  ],
  authority: { decision_maker: 20, influencer: 5, none: -10 },
  need: { confirmed: 20, vague: 5, none: -30 },
  timeline: { immediate: 25, within_3_months: 15, within_6_months: 5, later: -10 },
  interest: { high: 15, medium: 5, low: -5 },
  thresholds: { hot: 70, warm: 35 },
};

export interface Score {
  score: number;
  breakdown: ScoreLine[];
  suggestedTemperature: Temperature;
}

/**
 * What scores a lead: the rules, and the catalogue line a product label belongs to, so that the
 * rules score a line whatever spelling the lead came with.
 */
export interface Scoring {
  rules: ScoringRules;
  lineOf: (label: string) => string | null;
}

export function readScoring(db: Db): Scoring {
  return scoringOf(readRules(db), loadCatalogue(db));
}

/** Scoring from its parts, for a thread that has no connection of its own (the import worker, core/intake/stage.ts). */
export function scoringOf(rules: ScoringRules, catalogue: Catalogue): Scoring {
  return { rules, lineOf: (label) => catalogue.resolve(label)?.name ?? null };
}

type Scored = Pick<LeadFields, 'source' | 'channel' | 'campaign' | 'product' | 'departement' | 'country' | 'companySize'> & { bant: Bant; aint: Aint };

/** Each factor's points by folded key, made once per set of rules read (an import scores 100,000 leads with the same rules). */
const foldedRules = new WeakMap<Record<string, number>, Map<string, number>>();

/** Case- and accent-insensitive lookup, so "salon" in a file scores like "Salon". */
function lookup(rules: Record<string, number>, value: string | null): number | undefined {
  if (!value) return undefined;
  if (Object.hasOwn(rules, value)) return rules[value];
  let folded = foldedRules.get(rules);
  if (!folded) {
    // The first key of the rules that folds alike wins, as a scan in their order would.
    folded = new Map();
    for (const [k, v] of Object.entries(rules)) if (!folded.has(fold(k))) folded.set(fold(k), v);
    foldedRules.set(rules, folded);
  }
  return folded.size ? folded.get(fold(value)) : undefined;
}

function step(list: { min: number; points: number }[], value: number | null): number | undefined {
  if (value === null) return undefined;
  let best: { min: number; points: number } | undefined;
  for (const s of list) if (value >= s.min && (!best || s.min > best.min)) best = s;
  return best?.points;
}

export function computeScore(lead: Scored, { rules, lineOf }: Scoring): Score {
  const lines: ScoreLine[] = [];
  const add = (factor: string, value: string | number | null, pts: number | undefined) => {
    if (pts !== undefined && pts !== 0 && value !== null) lines.push({ factor, value: String(value), points: pts });
  };
  for (const f of ['source', 'channel', 'campaign', 'departement', 'country'] as const) add(f, lead[f], lookup(rules[f], lead[f]));
  // The line's points; a label the catalogue does not know (or rules written for a label) as written.
  const line = lead.product ? lineOf(lead.product) : null;
  const byLine = lookup(rules.product, line);
  if (byLine !== undefined) add('product', line, byLine);
  else add('product', lead.product, lookup(rules.product, lead.product));
  add('companySize', lead.companySize, step(rules.companySize, lead.companySize));
  add('budget', lead.bant.budgetCents, step(rules.budget, lead.bant.budgetCents));
  // BANT and AINT ask overlapping questions: each answer counts once, BANT's first.
  const authority = lead.bant.authority ?? lead.aint.authority;
  const need = lead.bant.need ?? lead.aint.need;
  const timeline = lead.bant.timeline ?? lead.aint.timing;
  add('authority', authority, authority ? rules.authority[authority] : undefined);
  add('need', need, need ? rules.need[need] : undefined);
  add('timeline', timeline, timeline ? rules.timeline[timeline] : undefined);
  add('interest', lead.aint.interest, lead.aint.interest ? rules.interest[lead.aint.interest] : undefined);
  const score = lines.reduce((sum, l) => sum + l.points, 0);
  return { score, breakdown: lines, suggestedTemperature: temperatureFor(score, rules) };
}

export function temperatureFor(score: number, rules: ScoringRules): Temperature {
  return score >= rules.thresholds.hot ? 'hot' : score >= rules.thresholds.warm ? 'warm' : 'cold';
}

export function readRules(db: Db): ScoringRules {
  const row = prepared(db, 'SELECT rules FROM scoring_rules WHERE id = 1').get() as { rules: string } | undefined;
  if (!row) return DEFAULT_RULES;
  const parsed = scoringRulesSchema.safeParse(JSON.parse(row.rules));
  return parsed.success ? parsed.data : DEFAULT_RULES;
}

export function writeRules(db: Db, rules: ScoringRules, now: number): void {
  db.prepare('INSERT INTO scoring_rules (id, rules, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at').run(
    JSON.stringify(rules),
    now,
  );
}
