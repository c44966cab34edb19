/**
 * The qualifier's queue: new leads, plus nurtured leads whose re-qualification date has come.
 * Each item carries its age since reception so the UI can run the SLA clock. Also the
 * scoring rules commands, which decide the "hottest" order.
 */
import { z } from 'zod';
import { command } from '../commands/define';
import type { Db } from '../db/connection';
import { parisDate } from './dates';
import { computeScore, readRules, scoringRulesSchema, temperatureFor, writeRules } from './scoring';
import { toLead, type LeadRow } from './store';

const queueInput = z.object({ order: z.enum(['oldest', 'hottest']).default('oldest'), limit: z.number().int().min(1).max(500).default(50) });

const ORDER = { oldest: 'received_at ASC, id ASC', hottest: 'score DESC, received_at ASC, id ASC' } as const;

/** Both halves use the (status, received_at) index; the union stays cheap at 100k leads. */
const QUEUE = `SELECT * FROM leads WHERE status = 'new'
  UNION ALL SELECT * FROM leads WHERE status = 'nurturing' AND requalify_on <= ?`;

function queue(db: Db, now: number, order: keyof typeof ORDER, limit: number) {
  const today = parisDate(now);
  const rows = db.prepare(`SELECT * FROM (${QUEUE}) ORDER BY ${ORDER[order]} LIMIT ?`).all(today, limit) as LeadRow[];
  const { n } = db.prepare(`SELECT count(*) AS n FROM (${QUEUE})`).get(today) as { n: number };
  const rules = readRules(db);
  const items = rows.map(toLead).map((lead) => ({
    lead,
    ageMs: Math.max(0, now - lead.receivedAt),
    back: lead.status === 'nurturing',
    suggestedTemperature: temperatureFor(lead.score, rules),
  }));
  return { total: n, items };
}

export const queueCommands = {
  'queue.list': command(queueInput, (ctx, { order, limit }) => queue(ctx.db, ctx.now(), order, limit)),
  'queue.next': command(queueInput.pick({ order: true }), (ctx, { order }) => queue(ctx.db, ctx.now(), order, 1).items[0] ?? null),
  'scoring.rules.get': command(z.object({}), (ctx) => readRules(ctx.db)),
  'scoring.rules.set': command(z.object({ rules: scoringRulesSchema, rescore: z.boolean().default(true) }), (ctx, { rules, rescore }) => {
    writeRules(ctx.db, rules, ctx.now());
    return { rules: readRules(ctx.db), rescored: rescore ? rescoreOpenLeads(ctx.db, ctx.now()) : 0 };
  }),
};

/** New rules apply to leads still being worked on; closed leads keep the score they had. */
function rescoreOpenLeads(db: Db, now: number): number {
  const rules = readRules(db);
  const rows = db.prepare("SELECT * FROM leads WHERE status IN ('new','qualified','nurturing')").all() as LeadRow[];
  const update = db.prepare('UPDATE leads SET score = ?, score_breakdown = ?, updated_at = ? WHERE id = ?');
  for (const lead of rows.map(toLead)) {
    const s = computeScore(lead, rules);
    if (s.score !== lead.score) update.run(s.score, JSON.stringify(s.breakdown), now, lead.id);
  }
  return rows.length;
}
