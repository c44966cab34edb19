import { describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { caller, testContext, testPostgres } from '../test-support';
import { jsonInteger, jsonText } from '../db/json';
import { HISTORY_DAYS, seedDemoHistory } from './history';

const NOW = Date.UTC(2026, 11, 4, 16, 30); // a Friday afternoon
const DAY = 86_400_000;
/** PostgreSQL: 400 leads over the same six months (90 s for both plays at load 8), as 700 took over 13 minutes at load 17; 250 gave the declining member too few dispatches to tell. */
const LEADS = testPostgres() ? 400 : 700;

type Row = Record<string, number | string | null>;
const all = (ctx: Context, sql: string) => ctx.db.prepare(sql).all() as Row[];
const one = (ctx: Context, sql: string) => ctx.db.prepare(sql).pluck().get() as number;

// Six months played through the commands, twice (the same database both times): seconds of work each.
describe('the demo history', { timeout: 900_000 }, () => {
  it('is six months of operations consistent with the workflow, the same for the same seed and now', async () => {
    const a = testContext(NOW);
    const b = testContext(NOW);
    const summary = await seedDemoHistory(a, { now: NOW, leads: LEADS });
    await seedDemoHistory(b, { now: NOW, leads: LEADS });
    expect(summary.members).toBeGreaterThanOrEqual(55);
    expect(summary.leads).toBeGreaterThan(LEADS * 0.93);

    // Deterministic: every table the play writes is the same.
    for (const table of ['members', 'territories', 'leads', 'lead_events', 'dispatches', 'imports', 'outbox', 'targets', 'routing_settings', 'kpi_totals', 'kpi_clocks']) {
      // Rows compared as sets: ORDER BY 1 leaves ties (kpi_totals' span) in an order PostgreSQL does not fix.
      const dump = (ctx: Context) => (ctx.db.prepare(`SELECT * FROM ${table}`).all() as object[]).map((row) => JSON.stringify(row)).sort();
      expect(dump(a), table).toEqual(dump(b));
    }

    const ctx = a;
    // Nothing happens after now, nothing before the network existed.
    expect(one(ctx, `SELECT count(*) FROM lead_events WHERE at > ${NOW}`)).toBe(0);
    expect(one(ctx, `SELECT min(received_at) FROM leads`)).toBeGreaterThan(NOW - (HISTORY_DAYS + 1) * DAY);
    // Every event of a lead comes after its reception, and the member's answers follow the workflow's order.
    expect(one(ctx, 'SELECT count(*) FROM lead_events e JOIN leads l ON l.id = e.lead_id WHERE e.at < l.received_at')).toBe(0);
    const firstAt = (type: string) => `(SELECT min(at) FROM lead_events WHERE lead_id = l.id AND type = '${type}')`;
    expect(
      one(
        ctx,
        `SELECT count(*) FROM leads l WHERE status = 'won' AND NOT (${firstAt('accepted')} < ${firstAt('contacted')} AND ${firstAt('contacted')} < ${firstAt('quote_1')} AND ${firstAt('quote_1')} < ${firstAt('won')})`,
      ),
    ).toBe(0);
    expect(one(ctx, `SELECT count(*) FROM leads l WHERE status = 'won' AND NOT ${firstAt('qualified')} < ${firstAt('dispatched')}`)).toBe(0);
    // A lead the member works is owned by the member whose dispatch it accepted.
    expect(
      one(
        ctx,
        `SELECT count(*) FROM leads l WHERE status IN ('accepted','contacted','quoted','won','lost') AND owner_member_id IS DISTINCT FROM (SELECT member_id FROM dispatches d WHERE d.lead_id = l.id AND end_reason = 'accepted')`,
      ),
    ).toBe(0);
    // At most one open member dispatch per lead, and only on dispatched leads.
    expect(one(ctx, "SELECT count(*) FROM dispatches d JOIN leads l ON l.id = d.lead_id WHERE d.ended_at IS NULL AND d.outcome = 'member' AND l.status <> 'dispatched'")).toBe(0);

    // Everything the issue names happened, in plausible proportions.
    const status = Object.fromEntries(all(ctx, 'SELECT status, count(*) AS n FROM leads GROUP BY status').map((r) => [r.status, r.n as number]));
    const total = summary.leads;
    expect(status.won! / total).toBeGreaterThan(0.05);
    expect(status.won! / total).toBeLessThan(0.35);
    expect(status.lost!).toBeGreaterThan(status.won! / 2);
    expect(status.discarded! / total).toBeGreaterThan(0.04);
    expect(status.nurturing).toBeGreaterThan(0);
    expect(status.new).toBeGreaterThan(0); // the last hours' leads, and a few never opened
    expect(status.quoted).toBeGreaterThan(0); // the pipeline under way at now
    const events = Object.fromEntries(all(ctx, 'SELECT type, count(*) AS n FROM lead_events GROUP BY type').map((r) => [r.type, r.n as number]));
    for (const type of [
      'imported',
      'created',
      'qualified',
      'dispatched',
      'accepted',
      'declined',
      'expired',
      'reassigned',
      'contacted',
      'quote_1',
      'quote_2',
      'follow_up',
      'won',
      'lost',
      'discarded',
      'nurturing',
      'routed_to_head_office',
    ]) {
      expect(events[type], type).toBeGreaterThan(0);
    }
    expect(one(ctx, `SELECT count(*) FROM lead_events WHERE type = 'qualified' AND ${jsonText(ctx.db.engine, 'data', 'from')} = 'nurturing'`)).toBeGreaterThan(0); // requalified
    expect(one(ctx, "SELECT count(*) FROM lead_events WHERE type = 'expired' AND actor = 'scheduler'")).toBe(events.expired); // only the job expires
    expect(one(ctx, 'SELECT count(*) FROM dispatches WHERE manual_reason IS NOT NULL')).toBeGreaterThan(0);
    expect(one(ctx, `SELECT count(DISTINCT ${jsonText(ctx.db.engine, 'decision', 'whiteZone')}) FROM dispatches`)).toBe(2);
    expect(one(ctx, `SELECT count(*) FROM lead_events WHERE type IN ('won', 'quote_1') AND ${jsonInteger(ctx.db.engine, 'data', 'amountCents')} > 0`)).toBe(events.won! + events.quote_1!);
    expect(one(ctx, 'SELECT count(DISTINCT source) FROM leads')).toBe(6);
    // Members differ: the one who often declines (habits.ts) declines far more than the others.
    const declineRate = (who: string) =>
      Number(
        one(
          ctx,
          `SELECT avg(CASE WHEN end_reason = 'declined' THEN 1.0 ELSE 0 END) FROM dispatches d JOIN members m ON m.id = d.member_id WHERE d.outcome = 'member' AND d.ended_at IS NOT NULL AND ${who}`,
        ),
      );
    expect(declineRate("m.code = 'R008'")).toBeGreaterThan(3 * declineRate("m.code <> 'R008'"));

    // The figures a manager looks at are all there: treated, accepted in time and late, won.
    const { call } = caller(ctx);
    const six = call('kpi.dashboard', { from: '2026-06-01', to: '2026-12-31' });
    expect(six.headline.treatedRate).toBeGreaterThan(0.5);
    expect(six.headline.medianAcceptHours).toBeGreaterThan(0);
    expect(six.headline.conversion).toBeGreaterThan(0.05);
    expect(six.headline.slaCompliance).toBeGreaterThan(0.5);
    expect(six.headline.slaCompliance).toBeLessThan(1);
    expect(six.funnel.steps.every((s) => s.count > 0)).toBe(true);
    const { overall, members } = call('reports.monthly', { month: '2026-11' });
    expect(overall.received).toBeGreaterThan(50);
    expect(overall.acceptedInTime).toBeGreaterThan(0);
    expect(overall.acceptedInTime).toBeLessThan(overall.accepted);
    expect(overall.reassignments).toBeGreaterThan(0);
    expect(members.length).toBeGreaterThan(20);
    expect(call('targets.list', { from: '2026-10', to: '2026-12' }).length).toBeGreaterThanOrEqual(9);
  });
});
