/**
 * A member's answer racing the re-assignment job (issue 18's review): the job re-routes the lead
 * between the extranet's check that the lead is the member's and the step itself, as another
 * server process's job can on PostgreSQL. The member is told the lead was re-assigned (not "No
 * lead with id N.", which PostgreSQL's row-level security made of it), and nothing is recorded.
 */
import { describe, expect, it, vi } from 'vitest';
import { asHeadOffice } from '../db/row-security';
import { expireOverdue } from '../routing/reassign';
import { network } from './test-matrix';

/** What runs just before the next workflow step: "the job", in the member's transaction, as another process's commit would land. */
const race = vi.hoisted(() => ({ before: null as (() => void) | null }));

vi.mock('../workflow/record', async (original) => {
  const real = await original<typeof import('../workflow/record')>();
  return {
    ...real,
    recordStep: (...args: Parameters<typeof real.recordStep>) => {
      const job = race.before;
      race.before = null;
      job?.();
      return real.recordStep(...args);
    },
  };
});

describe('an answer racing the re-assignment job', () => {
  it.each([
    ['accept', true],
    ['decline', false],
  ] as const)(
    '%s (the version the page read given: %s): refused as re-assigned, nothing recorded',
    (action, withVersion) => {
      const n = network();
      const sam = n.person(n.a.id, 'salesperson', 'sam');
      const id = n.dispatched(n.a.id);
      const { version } = sam.call('extranet.lead', { id }).lead;
      const due = Number(n.ctx.db.prepare('SELECT accept_due_at FROM dispatches WHERE lead_id = ?').pluck().get(id));
      race.before = () => asHeadOffice(n.ctx.db, () => expect(expireOverdue({ ...n.ctx, actor: 'scheduler', now: () => due + 1 }).leadIds).toEqual([id]));

      const answer =
        action === 'accept'
          ? sam.tryCall('extranet.accept', { id, ...(withVersion ? { expectedVersion: version } : {}) })
          : sam.tryCall('extranet.decline', { id, reason: 'no_capacity', ...(withVersion ? { expectedVersion: version } : {}) });
      expect(race.before).toBeNull();
      expect(answer).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('re-assigned a moment ago') } });

      // The whole command rolled back, the job's re-routing with it (it ran in the same transaction here); the next scan re-routes the lead.
      const { lead, events } = n.call('leads.get', { id });
      expect(lead).toMatchObject({ status: 'dispatched', ownerMemberId: n.a.id });
      expect(events.map((e) => e.type)).not.toContain('accepted');
      expect(events.map((e) => e.type)).not.toContain('declined');
    },
    60_000,
  );
});
