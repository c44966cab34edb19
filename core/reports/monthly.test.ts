import { describe, expect, it } from 'vitest';
import { parisDay } from '../../common/paris';
import { generateKpiData } from '../../tests/bench/kpi';
import { seedKpiFixture } from '../kpi/fixture';
import { testContext } from '../test-support';
import { monthlyReport } from './monthly';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const DAY = 86_400_000;
const MONTHS = ['2024-12', '2025-03', '2025-10', '2026-03', '2026-10', '2026-11', '2027-01'];

type Ctx = ReturnType<typeof testContext>;

/** The report from the stored figures equals the report tallied from the month's dispatches. */
function expectSameAsDispatches(ctx: Ctx, months = MONTHS) {
  for (const month of months) expect(monthlyReport(ctx, month), month).toEqual(monthlyReport(ctx, month, true));
}

describe('the monthly report from stored figures', { timeout: 120_000 }, () => {
  it('equals the report tallied from the dispatches, for the fixture', () => {
    const ctx = testContext(NOW);
    seedKpiFixture(ctx);
    expectSameAsDispatches(ctx, ['2026-09', '2026-10', '2026-11']);
    expect(monthlyReport(ctx, '2026-10').members).toHaveLength(2);
  });

  it('equals the report tallied from the dispatches for generated months, and after leads change or go', () => {
    const ctx = testContext(NOW);
    generateKpiData(ctx.db, 2000, NOW, true);
    expectSameAsDispatches(ctx);
    expect(monthlyReport(ctx, '2026-10').members.length).toBeGreaterThan(20);

    // A kept lead, accepted and never contacted, is contacted, then quoted and won: only its facts change, not its dispatch.
    const kept = ctx.db
      .prepare(
        `SELECT f.lead_id AS id, d.ended_at AS at, d.at AS dispatched FROM lead_facts f JOIN dispatches d ON d.lead_id = f.lead_id AND d.member_id = f.owner_member_id
         WHERE d.end_reason = 'accepted' AND f.contacted_at IS NULL AND d.at > ? ORDER BY f.lead_id LIMIT 1`,
      )
      .get(NOW - 60 * DAY) as { id: number; at: number; dispatched: number };
    const month = parisDay(kept.dispatched).slice(0, 7);
    const before = monthlyReport(ctx, month);
    const event = ctx.db.prepare(`INSERT INTO lead_events (lead_id, type, at, actor, data) VALUES (?, ?, ?, 'test', ?)`);
    event.run(kept.id, 'contacted', kept.at + 3_600_000, '{}');
    expect(monthlyReport(ctx, month).overall.contacted).toBe(before.overall.contacted + 1);
    expectSameAsDispatches(ctx, [month]);
    event.run(kept.id, 'quote_1', kept.at + 7_200_000, '{}');
    event.run(kept.id, 'won', kept.at + 9_000_000, JSON.stringify({ amountCents: 1_234_500 }));
    ctx.db.prepare(`UPDATE leads SET status = 'won' WHERE id = ?`).run(kept.id);
    const after = monthlyReport(ctx, month);
    expect(after.overall.revenueCents).toBe(before.overall.revenueCents + 1_234_500);
    expectSameAsDispatches(ctx);

    // A dispatch still open ends: declined.
    const open = ctx.db
      .prepare(`SELECT id FROM dispatches WHERE end_reason IS NULL AND member_id IS NOT NULL AND at > ? ORDER BY id LIMIT 1`)
      .pluck()
      .get(NOW - 60 * DAY) as number;
    ctx.db.prepare(`UPDATE dispatches SET ended_at = at + 3600000, end_reason = 'declined' WHERE id = ?`).run(open);
    expectSameAsDispatches(ctx);

    // A lead erased with its dispatches and facts.
    const erased = ctx.db
      .prepare(`SELECT lead_id FROM dispatches WHERE member_id IS NOT NULL AND at > ? ORDER BY lead_id LIMIT 1`)
      .pluck()
      .get(NOW - 40 * DAY) as number;
    ctx.db.prepare('DELETE FROM leads WHERE id = ?').run(erased);
    expectSameAsDispatches(ctx);

    // A member renamed: the report reads names as they are now.
    const member = after.members[0]!.memberId!;
    ctx.db.prepare(`UPDATE members SET name = 'Zéro Renommé' WHERE id = ?`).run(member);
    expect(monthlyReport(ctx, month).members.at(-1)!.name).toBe('Zéro Renommé');
    expectSameAsDispatches(ctx);
  });
});
