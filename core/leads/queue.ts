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

/**
 * The queue's two halves: new leads, and nurtured leads whose date has come. Each half takes its
 * first page in the order asked through its index (migration 0025: (status, received_at, id) and
 * (status, score DESC, received_at, id)) before the two are merged, so a page costs the same
 * with 50 or 50,000 leads waiting: a sort of the whole union costs 60-75 ms on PostgreSQL at
 * 50,000 leads (its planner does not push the LIMIT into a UNION ALL's branches).
 */
const HALVES = ["status = 'new'", "status = 'nurturing' AND requalify_on <= ?"] as const;

function firstPage(db: Db, order: keyof typeof ORDER, today: string, limit: number): LeadRow[] {
  const half = (where: string, alias: string) => `SELECT * FROM (SELECT * FROM leads WHERE ${where} ORDER BY ${ORDER[order]} LIMIT ?) AS ${alias}`;
  return db.prepare(`SELECT * FROM (${half(HALVES[0], 'fresh')} UNION ALL ${half(HALVES[1], 'due')}) AS queue ORDER BY ${ORDER[order]} LIMIT ?`).all(limit, today, limit, limit) as LeadRow[];
}

/**
 * How many leads wait, and how many of them started their clock at or before `risk` and `late`
 * (a nurtured lead's starts at midnight of its date; late <= risk <= now): in one round trip,
 * as three disjoint ranges of the queue's index (late, then at risk, then running), so each
 * waiting lead is read once. Counting "started by risk" and "started by late" as ranges from the
 * start read an old queue up to three times (65-73 ms for 50,000 late leads on a loaded
 * PostgreSQL); one pass testing each lead against both instants costs half as much again as a
 * plain count.
 */
function counts(db: Db, today: string, risk: number, late: number): { total: number; risk: number; late: number } {
  const between = `(SELECT count(*) FROM leads WHERE status = 'new' AND received_at > ? AND received_at <= ?)
    + (SELECT count(*) FROM leads WHERE status = 'nurturing' AND requalify_on > ? AND requalify_on <= ?)`;
  const row = db
    .prepare(`SELECT ${between} AS late, ${between} AS amber, ${between} AS running`)
    .get(Number.MIN_SAFE_INTEGER, late, '', parisDay(late), late, risk, parisDay(late), parisDay(risk), risk, Number.MAX_SAFE_INTEGER, parisDay(risk), today) as Record<
    'late' | 'amber' | 'running',
    number
  >;
  const [lateCount, amber, running] = [row.late, row.amber, row.running].map(Number) as [number, number, number];
  return { total: lateCount + amber + running, risk: lateCount + amber, late: lateCount };
}

function queue(ctx: Context, order: keyof typeof ORDER, limit: number) {
  const { db } = ctx;
  const now = ctx.now();
  const today = parisDay(now);
  const rows = firstPage(db, order, today, limit);
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
  const n = counts(db, today, riskFrom, lateFrom);
  return { total: n.total, atRisk: n.risk - n.late, late: n.late, items };
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
