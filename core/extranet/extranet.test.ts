/**
 * The member extranet's commands (issue 18): what a member's people see and do, field-level
 * access before and after acceptance, and the access matrix: for every extranet command, a
 * person of another member, a salesperson on a colleague's lead and a caller with no member are
 * refused, and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { acceptanceClock } from '../../common/sla';
import { caller } from '../test-support';
import { listAudit } from '../privacy/audit';
import { readSettings, slaSettings } from '../settings/read';
import { lookUpSession, startSession } from '../users/sessions';
import { acceptInvitation, checkInvitation, INVITATION_DAYS } from './invitations';
import { expectNothingOf, matrixCalls, matrixInput, network } from './test-matrix';

describe('the member extranet', () => {
  it('shows a salesperson the lead without contact details, then with them once accepted; each step is the head office’s workflow event', () => {
    const n = network();
    const sales = n.person(n.a.id, 'salesperson', 'sam');
    const id = n.dispatched(n.a.id);
    const inbox = sales.call('extranet.inbox', {});
    expect(inbox.waiting.map((l) => l.id)).toEqual([id]);
    const waiting = inbox.waiting[0]!;
    expect(waiting).toMatchObject({ city: 'Tours', product: 'Pompe à chaleur', temperature: 'hot', contact: null });
    expect(JSON.stringify(waiting)).not.toMatch(/Durand|06 12|\+336/);
    // The clock is the SLA model's: the same deadline the dispatch stored for the re-assignment job.
    const stored = n.ctx.db.prepare('SELECT at, accept_due_at FROM dispatches WHERE lead_id = ?').get(id) as { at: number; accept_due_at: number };
    const model = acceptanceClock({ temperature: 'hot', dispatchedAt: stored.at }, slaSettings(readSettings(n.ctx)));
    expect(waiting.clock).toMatchObject({ dueAt: stored.accept_due_at, riskAt: model.riskAt, state: 'ok' });

    const accepted = sales.call('extranet.accept', { id, expectedVersion: waiting.version });
    expect(accepted.contact).toMatchObject({ lastName: 'Durand', firstName: 'Marie' });
    expect(accepted.assigneeId).toBe(sales.user.id);
    sales.call('extranet.step', { id, step: 'contacted' });
    sales.call('extranet.step', { id, step: 'quote_1', amountCents: 1_250_000 });
    sales.call('extranet.step', { id, step: 'follow_up', nextActionOn: '2026-12-01' });
    expect(sales.tryCall('extranet.step', { id, step: 'won' })).toMatchObject({ ok: false, error: { issues: [{ path: ['amountCents'] }] } });
    sales.call('extranet.step', { id, step: 'won', amountCents: 1_190_000 });

    const { lead, events } = n.call('leads.get', { id }) as unknown as { lead: { status: string; ownerMemberId: number }; events: { type: string; actor: string; data: Record<string, unknown> }[] };
    expect(lead).toMatchObject({ status: 'won', ownerMemberId: n.a.id });
    const steps = events.filter((e) => ['accepted', 'contacted', 'quote_1', 'follow_up', 'won'].includes(e.type));
    expect(steps.map((e) => [e.type, e.actor])).toEqual(['accepted', 'contacted', 'quote_1', 'follow_up', 'won'].map((t) => [t, 'sam@example.fr']));
    expect(steps.find((e) => e.type === 'follow_up')!.data).toMatchObject({ nextActionOn: '2026-12-01' });
    const page = sales.call('extranet.lead', { id });
    expect(page.timeline.map((e) => e.type)).toEqual(['accepted', 'contacted', 'quote_1', 'follow_up', 'won']);
    expect(sales.call('extranet.inbox', {}).closed.map((l) => l.id)).toEqual([id]);
  }, 60_000);

  it('declines with a reason from the list and re-routes at once, as the head office’s decline does', () => {
    const n = network();
    const admin = n.person(n.a.id, 'member_admin', 'ada');
    const id = n.dispatched(n.a.id);
    expect(admin.tryCall('extranet.decline', { id, reason: 'other' })).toMatchObject({ ok: false, error: { issues: [{ path: ['comment'] }] } });
    expect(admin.tryCall('extranet.decline', { id, reason: 'too far' as 'other' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    admin.call('extranet.decline', { id, reason: 'no_capacity' });
    const { lead } = n.call('leads.get', { id });
    expect(lead).toMatchObject({ status: 'dispatched', ownerMemberId: n.b.id });
    expect(admin.call('extranet.inbox', {}).waiting).toEqual([]);
    expect(admin.tryCall('extranet.lead', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);

  it('refuses every extranet command to another member’s person, a salesperson on a colleague’s lead and a caller with no member, changing nothing', () => {
    const n = network();
    const sam = n.person(n.a.id, 'salesperson', 'sam');
    const sue = n.person(n.a.id, 'salesperson', 'sue');
    const bob = n.person(n.b.id, 'member_admin', 'bob');
    const headOffice = caller(n.ctx);
    const waiting = n.dispatched(n.a.id);
    const taken = n.dispatched(n.a.id);
    sam.call('extranet.accept', { id: taken });
    const before = JSON.stringify(n.call('leads.get', { id: taken })) + JSON.stringify(n.call('leads.get', { id: waiting }));

    const alpha = { leadIds: [waiting, taken], emails: ['sam@example.fr', 'sue@example.fr'] };
    for (const { method, id } of matrixCalls([waiting, taken])) {
      expectNothingOf(bob, method, matrixInput(id, sue.user.id), alpha, 'another member');
      expectNothingOf(headOffice, method, matrixInput(id, sue.user.id), alpha, 'no member', { allRefused: true });
    }
    for (const { method, id } of matrixCalls([taken])) expectNothingOf(sue, method, matrixInput(id, sue.user.id), { leadIds: [taken], emails: [] }, 'a colleague’s lead');
    // The lists answer only the caller's own member: nothing of Alpha's reaches Bravo.
    expect(bob.call('extranet.inbox', {})).toMatchObject({ waiting: [], inProgress: [], closed: [] });
    expect(bob.call('extranet.team', {}).map((u) => u.email)).toEqual(['bob@example.fr']);
    expect(sue.call('extranet.inbox', {}).inProgress).toEqual([]);
    expect(JSON.stringify(n.call('leads.get', { id: taken })) + JSON.stringify(n.call('leads.get', { id: waiting }))).toBe(before);
    // A lead id that does not exist gets the same refusal as another member's: nothing tells them apart.
    expect(bob.tryCall('extranet.lead', { id: 999_999 })).toEqual(bob.tryCall('extranet.lead', { id: waiting }));
  }, 120_000);

  it('takes a pooled lead once: the first claim wins, the other member hears it is gone, within the weekly limit', () => {
    const n = network();
    n.call('routing.settings.save', { settings: { mode: 'pull' } });
    const ann = n.person(n.a.id, 'salesperson', 'ann');
    const bob = n.person(n.b.id, 'salesperson', 'bob');
    const lead = n.lead();
    expect(n.call('routing.dispatch', { leadId: lead.id }).outcome).toMatchObject({ kind: 'pool' });
    expect(ann.call('extranet.pool', {}).leads.map((l) => [l.id, l.contact])).toEqual([[lead.id, null]]);
    expect(ann.call('extranet.claim', { id: lead.id }).contact).toMatchObject({ lastName: 'Durand' });
    expect(bob.tryCall('extranet.claim', { id: lead.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Another member took this lead first.' } });
    expect(n.call('leads.get', { id: lead.id }).lead).toMatchObject({ status: 'accepted', ownerMemberId: n.a.id });
    expect(bob.call('extranet.pool', {}).leads).toEqual([]);

    n.ctx.db.prepare('UPDATE members SET capacity_per_week = 1 WHERE id = ?').run(n.a.id);
    const next = n.lead();
    n.call('routing.dispatch', { leadId: next.id });
    expect(ann.call('extranet.pool', {})).toMatchObject({ claimedThisWeek: 1, limit: 1 });
    expect(ann.tryCall('extranet.claim', { id: next.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('weekly limit') } });
  }, 60_000);

  it('ends every session of a member’s people when the head office archives or deactivates the member, and refuses their sign-in', () => {
    const n = network();
    const sam = n.person(n.a.id, 'salesperson', 'sam');
    const bob = n.person(n.b.id, 'salesperson', 'bob');
    const now = n.ctx.now();
    const samSession = startSession(n.ctx.db, sam.user.id, now);
    const bobSession = startSession(n.ctx.db, bob.user.id, now);
    expect(lookUpSession(n.ctx.db, samSession.token, now)?.user).toMatchObject({ memberId: n.a.id, role: 'salesperson' });
    n.call('members.archive', { id: n.a.id });
    expect(lookUpSession(n.ctx.db, samSession.token, now)).toBeNull();
    expect(n.ctx.db.prepare('SELECT count(*) AS n FROM user_sessions WHERE user_id = ?').get(sam.user.id)).toEqual({ n: 0 });
    n.call('members.update', { id: n.b.id, active: false });
    expect(lookUpSession(n.ctx.db, bobSession.token, now)).toBeNull();
    // Reactivated, the member's people sign in again; a session left from before does not come back.
    n.call('members.update', { id: n.b.id, active: true });
    expect(lookUpSession(n.ctx.db, bobSession.token, now)).toBeNull();
  }, 60_000);

  it('invites a member’s person with a single-use link that expires, sent through the outbox', () => {
    const n = network();
    const { user, expiresAt } = n.call('members.invite', { memberId: n.a.id, email: 'Nina@Example.fr', displayName: 'Nina', role: 'salesperson', origin: 'https://aiguillage.example.fr' });
    expect(user).toMatchObject({ email: 'nina@example.fr', memberId: n.a.id, role: 'salesperson' });
    expect(expiresAt).toBe(n.ctx.now() + INVITATION_DAYS * 86_400_000);
    const mail = n.call('mail.outbox.list', {})[0]!;
    expect(mail.recipient).toBe('nina@example.fr');
    const token = /#\/invitation\/([\w-]+)/.exec(mail.body)![1]!;
    expect(mail.body).toContain('https://aiguillage.example.fr/#/invitation/');
    // Opening the page spends nothing; using it sets the password and signs in, once.
    expect(checkInvitation(n.ctx, token)).toEqual({ ok: true, email: 'nina@example.fr', displayName: 'Nina', memberName: 'Alpha' });
    expect(checkInvitation(n.ctx, token).ok).toBe(true);
    const used = acceptInvitation(n.ctx, { token, password: 'a long enough password', address: '127.0.0.1' });
    expect(used).toMatchObject({ ok: true, user: { id: user.id } });
    expect(acceptInvitation(n.ctx, { token, password: 'another long password', address: '127.0.0.1' })).toEqual({ ok: false, reason: 'used' });
    expect(checkInvitation(n.ctx, 'no-such-token')).toEqual({ ok: false, reason: 'unknown' });
    // A new link for the same person, past its seven days.
    n.call('members.invite', { memberId: n.a.id, email: 'nina@example.fr', displayName: 'Nina', role: 'salesperson', origin: 'https://aiguillage.example.fr' });
    const second = /#\/invitation\/([\w-]+)/.exec(n.call('mail.outbox.list', {})[0]!.body)![1]!;
    const later = { ...n.ctx, now: () => n.ctx.now() + INVITATION_DAYS * 86_400_000 + 1 };
    expect(acceptInvitation(later, { token: second, password: 'a long enough password', address: '127.0.0.1' })).toEqual({ ok: false, reason: 'expired' });
    expect(listAudit(n.ctx.db, { limit: 50, offset: 0 }).items.map((e) => e.action)).toEqual(expect.arrayContaining(['member.invite', 'member.invitationAccepted']));
    // Another member's person keeps their address: no taking over an account by inviting it elsewhere.
    expect(n.tryCall('members.invite', { memberId: n.b.id, email: 'nina@example.fr', displayName: 'Nina', role: 'salesperson', origin: 'https://x.fr' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  }, 60_000);
});
