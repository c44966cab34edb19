import { describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { testContext } from '../test-support';
import { seedOverdueBacklog } from '../jobs/overdue-fixture';
import { expireOverdue } from './reassign';

const DISPATCHED = Date.UTC(2026, 10, 2, 9); // a Monday, 10:00 in Paris
/** Three weeks later: every deadline passed long ago (the timeline notes how late). */
const SCAN = Date.UTC(2026, 10, 23, 9);

/** The same backlog of 105 overdue leads, a seventh of them at the default limit of three re-assignments (the head office takes those). */
function backlog(): Context {
  const ctx: Context = { ...testContext(), now: () => SCAN };
  seedOverdueBacklog(ctx, { count: 105, dispatchedAt: DISPATCHED, dueAt: DISPATCHED + 8 * 3_600_000 });
  ctx.db.prepare('UPDATE leads SET reassignments = 3 WHERE id % 7 = 0').run();
  return ctx;
}

/** Everything re-routing writes, in an order that does not depend on how the writes were grouped. */
function written(ctx: Context) {
  const rows = (sql: string) => ctx.db.prepare(sql).all();
  return {
    leads: rows('SELECT id, status, owner_member_id, reassignments, updated_at, version FROM leads ORDER BY id'),
    dispatches: rows('SELECT * FROM dispatches ORDER BY id'),
    timelines: rows('SELECT lead_id, type, at, actor, data FROM lead_events ORDER BY lead_id, id'),
    facts: rows('SELECT * FROM lead_facts ORDER BY lead_id'),
    outbox: rows('SELECT * FROM outbox ORDER BY id'),
    dirtyHours: rows('SELECT DISTINCT hour FROM kpi_dirty_hours ORDER BY hour'),
  };
}

describe('a slice of overdue leads', () => {
  it('written one kind of row at a time leaves the same rows as re-routing its leads one by one', () => {
    const sliced = backlog();
    expect(expireOverdue(sliced, 105).expired).toBe(105);

    const oneByOne = backlog();
    for (let i = 0; i < 105; i++) expect(expireOverdue(oneByOne, 1).expired).toBe(1);
    expect(expireOverdue(oneByOne, 1).expired).toBe(0);

    const after = written(sliced);
    // Both outcomes and the limit are there: the comparison covers each way a lead is re-routed.
    const events = after.timelines as { type: string; data: string }[];
    expect(events.filter((e) => e.type === 'reassigned').length).toBe(105 - 15);
    expect(events.filter((e) => e.type === 'routed_to_head_office' && JSON.parse(e.data).reason === 'reassignment_limit').length).toBe(15);
    expect(events.filter((e) => e.type === 'dispatched' && JSON.parse(e.data).dispatchId > 105).length).toBeGreaterThan(40);
    expect(events.filter((e) => e.type === 'routed_to_head_office' && JSON.parse(e.data).reason === 'white_zone').length).toBeGreaterThan(0);
    expect(after).toEqual(written(oneByOne));
  }, 120_000);
});
