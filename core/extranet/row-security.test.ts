/**
 * The access matrix with PostgreSQL's row-level security alone (issue 18; core/db/row-security.ts,
 * migration 0024): the application's checks are bypassed by letting them believe the caller is
 * the victim (the lead's own member, or the colleague holding it), while the database's scope is
 * the attacker's: another member's person, a salesperson beside the lead's holder, or a caller
 * with no member at all. Every command must then be refused or answer none of the victim's rows,
 * by the database alone, and nothing may change. A control call in the victim's own scope
 * answers, so a refusal here is the database's and not the seam's.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MemberPrincipal } from '../commands/define';
import { everyRow, expectNothingOf, matrixCalls, matrixInput, network, type Victim } from './test-matrix';

/** The scope the database is given, whoever the application thinks calls: a member's person, nobody (null), or the caller (undefined). */
const seam = vi.hoisted(() => ({ scope: undefined as MemberPrincipal | null | undefined }));

vi.mock('../db/row-security', async (importOriginal) => {
  const real = await importOriginal<typeof import('../db/row-security')>();
  return {
    ...real,
    actAsMember: (db: Parameters<typeof real.actAsMember>[0], member: MemberPrincipal) => {
      if (seam.scope === null) db.exec(`SET LOCAL ROLE ${real.MEMBER_ROLE}`);
      else real.actAsMember(db, seam.scope ?? member);
    },
  };
});

describe.skipIf(process.env.AIGUILLAGE_TEST_ENGINE !== 'postgres')('the extranet with row-level security alone (PostgreSQL)', () => {
  it('refuses or hides every command’s rows to another member, a salesperson beside the lead’s holder and a caller with no member, changing nothing', () => {
    const n = network();
    n.call('routing.settings.save', { settings: { mode: 'pull' } });
    const ada = n.person(n.a.id, 'member_admin', 'ada');
    const sam = n.person(n.a.id, 'salesperson', 'sam');
    const sue = n.person(n.a.id, 'salesperson', 'sue');
    const bob = n.person(n.b.id, 'member_admin', 'bob');
    const waiting = n.dispatched(n.a.id);
    const taken = n.dispatched(n.a.id);
    sam.call('extranet.accept', { id: taken });
    // A pooled lead offered to Alpha alone.
    const pooled = n.lead().id;
    expect(n.call('routing.dispatch', { leadId: pooled }).outcome).toMatchObject({ kind: 'pool' });
    n.ctx.db.prepare('DELETE FROM pool_offers WHERE member_id = ?').run(n.b.id);
    const leads = [waiting, taken, pooled];
    // The dashboard's stored totals are a cache any report read rebuilds (extranet.figures reads the monthly report): up to date before the snapshot.
    n.call('reports.monthly', { month: '2026-11' });
    const before = everyRow(n.ctx.db);

    // The control: in its own scope, the victim's calls answer.
    expect(ada.call('extranet.lead', { id: taken }).lead.contact).toMatchObject({ lastName: 'Martin' });
    expect(ada.call('extranet.pool', {}).leads.map((l) => l.id)).toEqual([pooled]);

    const alpha: Victim = { leadIds: leads, emails: ['ada@example.fr', 'sam@example.fr', 'sue@example.fr'] };
    try {
      for (const [scope, label] of [
        [bob.ctx.member!, 'another member'],
        [null, 'no member'],
      ] as const) {
        seam.scope = scope;
        for (const { method, id } of matrixCalls(leads)) expectNothingOf(ada, method, matrixInput(id, sue.user.id), alpha, label, { byDatabase: true });
      }
      seam.scope = sue.ctx.member!;
      // Between colleagues only the leads differ: the member's settings and people are theirs alike.
      for (const { method, id } of matrixCalls([taken], 'lead commands')) {
        expectNothingOf(sam, method, matrixInput(id, sue.user.id), { leadIds: [taken], emails: [] }, 'a colleague’s lead', { byDatabase: true });
      }
    } finally {
      seam.scope = undefined;
    }
    expect(everyRow(n.ctx.db)).toBe(before);
  }, 120_000);
});
