/**
 * The qualifier's queue: new leads, plus nurtured leads whose re-qualification date has come.
 * Each item carries its qualification clock in business hours (when it turns amber, when it
 * runs out) so the UI can show it without calendar maths, and the queue counts the leads at
 * risk and late. Also the scoring rules commands, which decide the "hottest" order.
 */
import { z } from 'zod';
import { command } from '../commands/define';
import type { Context } from '../commands/define';
import type { Db } from '../db/connection';
import { readSettings, slaSettings } from '../settings/read';
import { qualificationClock, qualificationThresholds } from '../../common/sla';
import { parisTime } from './dates';
import { parisDay } from '../../common/paris';
import { computeScore, readRules, readScoring, scoringRulesSchema, temperatureFor, writeRules } from './scoring';
import { toLead, type LeadRow } from './store';

const queueInput = z.object({ order: z.enum(['oldest', 'hottest']).default('oldest'), limit: z.number().int().min(1).max(500).default(50) });

const ORDER = { oldest: 'received_at ASC, id ASC', hottest: 'score DESC, received_at ASC, id ASC' } as const;

/** Both halves use the (status, received_at) index; the union stays cheap at 100k leads. */
const QUEUE = `SELECT * FROM leads WHERE status = 'new'
  UNION ALL SELECT * FROM leads WHERE status = 'nurturing' AND requalify_on <= ?`;

function queue(ctx: Context, order: keyof typeof ORDER, limit: number) {
  const { db } = ctx;
  const now = ctx.now();
  const today = parisDay(now);
  const rows = db.prepare(`SELECT * FROM (${QUEUE}) AS queue ORDER BY ${ORDER[order]} LIMIT ?`).all(today, limit) as LeadRow[];
  const { n } = db.prepare(`SELECT count(*) AS n FROM (${QUEUE}) AS queue`).get(today) as { n: number };
  const rules = readRules(db);
  const sla = slaSettings(readSettings(ctx));
  const items = rows.map(toLead).map((lead) => {
    const back = lead.status === 'nurturing';
    const startedAt = back && lead.requalifyOn ? dayStart(lead.requalifyOn) : lead.receivedAt;
    return {
      lead,
      back,
      suggestedTemperature: temperatureFor(lead.score, rules),
      clock: qualificationClock(startedAt, sla),
    };
  });
  const { riskFrom, lateFrom } = qualificationThresholds(now, sla);
  const late = startedBy(db, lateFrom);
  return { total: n, atRisk: startedBy(db, riskFrom) - late, late, items };
}

/** Queue leads whose clock started at or before `instant` (a nurtured lead's starts at midnight of its date). */
function startedBy(db: Db, instant: number): number {
  return db
    .prepare("SELECT (SELECT count(*) FROM leads WHERE status = 'new' AND received_at <= ?) + (SELECT count(*) FROM leads WHERE status = 'nurturing' AND requalify_on <= ?)")
    .pluck()
    .get(instant, parisDay(instant)) as number;
}

function dayStart(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return parisTime(y, m, d) ?? Date.parse(isoDate);
}

export const queueCommands = {
  'queue.list': command(queueInput, (ctx, { order, limit }) => queue(ctx, order, limit)),
  'queue.next': command(queueInput.pick({ order: true }), (ctx, { order }) => queue(ctx, order, 1).items[0] ?? null),
  'scoring.rules.get': command(z.object({}), (ctx) => readRules(ctx.db)),
  'scoring.rules.set': command(z.object({ rules: scoringRulesSchema, rescore: z.boolean().default(true) }), (ctx, { rules, rescore }) => {
    writeRules(ctx.db, rules, ctx.now());
    return { rules: readRules(ctx.db), rescored: rescore ? rescoreOpenLeads(ctx.db, ctx.now()) : 0 };
  }),
};

/** New rules apply to leads still being worked on; closed leads keep the score they had. */
function rescoreOpenLeads(db: Db, now: number): number {
  const scoring = readScoring(db);
  const rows = db.prepare("SELECT * FROM leads WHERE status IN ('new','qualified','nurturing')").all() as LeadRow[];
  const update = db.prepare('UPDATE leads SET score = ?, score_breakdown = ?, updated_at = ? WHERE id = ?');
  for (const lead of rows.map(toLead)) {
    const s = computeScore(lead, scoring);
    if (s.score !== lead.score) update.run(s.score, JSON.stringify(s.breakdown), now, lead.id);
  }
  return rows.length;
}
