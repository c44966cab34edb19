/**
 * The member's own figures against the network's median (issue 18), on a small month worked out
 * by hand. Monday 23 November 2026, 10:00 in Paris (business hours 9:00-18:00, hot leads to be
 * accepted within 4 business hours, so by 14:00), four hot leads dispatched at 10:00:
 *   Alpha  lead 1 accepted 11:00 (1 h, in time), won 10,000.00 €;
 *          lead 2 accepted 16:00 (6 h, late), lost.
 *   Bravo  lead 3 accepted 12:00 (2 h, in time), won 5,000.00 €.
 *   Charlie lead 4 never answered.
 * Alpha: received 2, accepted in time 1 (50 %), median 3.5 h, conversion 1/2, revenue 10,000 €.
 * Medians of the three members: received median(2, 1, 1) = 1; in time median(1, 1, 0) = 1;
 * in-time rate median(0.5, 1, 0) = 0.5; median time median(3.5, 2) = 2.75 h (Charlie has none);
 * conversion median(0.5, 1) = 0.75; revenue median(10,000, 5,000, 0) = 5,000 €.
 */
import { describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { setup } from '../test-network';
import { caller } from '../test-support';
import { hashPassword } from '../users/passwords';
import { insertUser } from '../users/store';
import { mayCall } from '../users/access';

const HOUR = 3_600_000;
const FAST = { logN: 10, r: 8, p: 1 };

describe('the member’s own figures', () => {
  it('give the monthly report’s figures of the member beside the medians of the network’s members, by hand', () => {
    const n = setup();
    const [alpha, bravo, charlie] = ['Alpha', 'Bravo', 'Charlie'].map((name) => n.member(name));
    const people = ['Durand', 'Martin', 'Bernard', 'Petit'];
    const dispatched = (memberId: number) => {
      const lead = n.lead({ lastName: people.shift(), phone: `06 12 34 56 7${people.length}` });
      n.call('routing.dispatch', { leadId: lead.id, memberId, reason: 'test' });
      return lead.id;
    };
    const [one, two, three] = [dispatched(alpha!.id), dispatched(alpha!.id), dispatched(bravo!.id), dispatched(charlie!.id)];
    const step = (leadId: number, step: 'accepted' | 'won' | 'lost', extra: object = {}) => n.call('workflow.record', { leadId, step, ...extra });
    n.advance(HOUR);
    step(one!, 'accepted');
    n.advance(HOUR);
    step(three!, 'accepted');
    n.advance(4 * HOUR);
    step(two!, 'accepted');
    step(one!, 'won', { amountCents: 1_000_000 });
    step(three!, 'won', { amountCents: 500_000 });
    step(two!, 'lost', { reason: 'price' });

    const ada = insertUser(n.ctx.db, { email: 'ada@alpha.fr', displayName: 'Ada', role: 'member_admin', memberId: alpha!.id, passwordHash: hashPassword('a long password', FAST) }, n.ctx.now());
    const ctx: Context = { ...n.ctx, actor: ada.email, member: { userId: ada.id, memberId: alpha!.id, role: 'member_admin' } };
    const figures = caller(ctx).call('extranet.figures', { month: '2026-11' });
    expect(figures.mine).toEqual({ received: 2, acceptedInTime: 1, acceptedInTimeRate: 0.5, medianAcceptHours: 3.5, conversion: 0.5, revenueCents: 1_000_000 });
    expect(figures.network).toEqual({ received: 1, acceptedInTime: 1, acceptedInTimeRate: 0.5, medianAcceptHours: 2.75, conversion: 0.75, revenueCents: 500_000 });
    expect(figures.members).toBe(3);
    // Nothing of another member leaves: only the caller's row and medians.
    expect(JSON.stringify(figures)).not.toMatch(/Bravo|Charlie/);

    // A month without dispatches: nothing of theirs, no medians.
    expect(caller(ctx).call('extranet.figures', { month: '2026-10' })).toMatchObject({ mine: null, members: 0, network: { received: null, revenueCents: null } });
    // The member comes from the session: the head office (no member) is refused; a salesperson may not call it on the server.
    expect(n.tryCall('extranet.figures', { month: '2026-11' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(mayCall('salesperson', 'extranet.figures')).toBe(false);
    expect(caller(ctx).tryCall('extranet.figures', { month: '2026-13' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  }, 60_000);
});
