/**
 * The member extranet through the server (issue 18), over HTTP as a phone reaches it: the access
 * matrix (anonymous, the head office's roles, another member's person: refused and logged), the
 * invitation link (opening spends nothing, the POST acts once) and pull mode's race: 20 claims of
 * one pooled lead sent at once by 20 members' salespeople give exactly one winner.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberRole, Role } from '../common/roles';
import { callerContext } from '../core/app/session';
import { dispatchAsync } from '../core/commands/dispatch';
import { setup } from '../core/test-network';
import { listAudit } from '../core/privacy/audit';
import { MEMBER_METHODS, namesALead } from '../core/extranet/test-matrix';
import { hashPassword } from '../core/users/passwords';
import { insertUser } from '../core/users/store';
import { CSRF_HEADER } from './accounts';
import { listenWithAccounts } from './test-host';
import type { Host } from './server';

const PASSWORD = 'a long password';
const FAST = { logN: 10, r: 8, p: 1 };
const EXTRANET = MEMBER_METHODS;

let fixture: ReturnType<typeof setup>;
let host: Host;
let origin: string;

beforeEach(async () => {
  fixture = setup();
  ({ host, origin } = await listenWithAccounts(
    (method, input, options) => dispatchAsync(callerContext(fixture.ctx, options), method, input, { ...options, log: () => {} }),
    () => fixture.ctx,
  ));
});
afterEach(async () => {
  await host.close();
  fixture.ctx.db.close();
});

interface Signed {
  cookie: string;
  csrf: string;
}

async function post(path: string, body: unknown, signed?: Signed) {
  const res = await fetch(new URL(path, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signed ? { cookie: signed.cookie, [CSRF_HEADER]: signed.csrf } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, cookie: res.headers.get('set-cookie'), body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string; reason?: string } } };
}

function person(email: string, role: Role | MemberRole, memberId: number | null = null) {
  return insertUser(fixture.ctx.db, { email, displayName: email, role, memberId, passwordHash: hashPassword(PASSWORD, FAST) }, fixture.ctx.now());
}

async function signIn(email: string): Promise<Signed> {
  const res = await post('/login', { email, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { cookie: res.cookie!.split(';')[0]!, csrf: (res.body.value as { csrf: string }).csrf };
}

const refusals = () => listAudit(fixture.ctx.db, { action: 'access.refused', offset: 0, limit: 200 }).items;

describe('the member extranet over HTTP', () => {
  it('refuses every extranet command to an anonymous caller, the head office and another member’s person, and logs each refusal', async () => {
    const alpha = fixture.member('Alpha');
    const bravo = fixture.member('Bravo');
    fixture.territory(alpha.id);
    const lead = fixture.lead();
    fixture.call('routing.dispatch', { leadId: lead.id, memberId: alpha.id, reason: 'test' });
    person('qualifier@example.fr', 'qualifier');
    person('admin@example.fr', 'administrator');
    person('sam@alpha.fr', 'salesperson', alpha.id);
    person('bob@bravo.fr', 'member_admin', bravo.id);
    const input = { id: lead.id, userId: 1, reason: 'out_of_area', step: 'contacted' };

    for (const method of EXTRANET) expect((await post(`/api/${method}`, input)).status, `anonymous ${method}`).toBe(401);
    expect(
      refusals()
        .filter((e) => e.actor === 'anonymous')
        .map((e) => e.details.method),
    ).toEqual([...EXTRANET].reverse());

    for (const email of ['qualifier@example.fr', 'admin@example.fr']) {
      const signed = await signIn(email);
      for (const method of EXTRANET) expect((await post(`/api/${method}`, input, signed)).status, `${email} ${method}`).toBe(403);
    }
    const bob = await signIn('bob@bravo.fr');
    for (const method of EXTRANET.filter(namesALead)) {
      expect((await post(`/api/${method}`, input, bob)).body.error?.code, `bob ${method}`).toBe('forbidden');
    }
    // A member's person gets none of the head office's commands either.
    expect((await post('/api/leads.get', { id: lead.id }, bob)).status).toBe(403);
    const bobs = refusals().filter((e) => e.actor === 'bob@bravo.fr');
    expect(bobs.find((e) => e.details.method === 'extranet.accept')?.details).toEqual({ reason: 'not theirs', method: 'extranet.accept', id: lead.id, userId: 1, memberId: bravo.id });
    expect(bobs.find((e) => e.details.method === 'leads.get')?.details).toMatchObject({ reason: 'role', role: 'member_admin' });
    expect(fixture.call('leads.get', { id: lead.id }).lead).toMatchObject({ status: 'dispatched', ownerMemberId: alpha.id });

    // The member's own salesperson, from the session alone: no member id in any request.
    const sam = await signIn('sam@alpha.fr');
    expect((await post('/api/extranet.accept', { id: lead.id }, sam)).body).toMatchObject({ ok: true, value: { status: 'accepted', contact: { lastName: 'Durand' } } });
  }, 120_000);

  it('opens an invitation link without spending it; its POST sets the password and signs in, once', async () => {
    const alpha = fixture.member('Alpha');
    fixture.call('members.invite', { memberId: alpha.id, email: 'nina@alpha.fr', displayName: 'Nina', role: 'salesperson', origin });
    const token = /#\/invitation\/([\w-]+)/.exec(fixture.call('mail.outbox.list', {})[0]!.body)![1]!;
    for (let i = 0; i < 3; i++) expect((await post('/invitation/check', { token })).body).toMatchObject({ ok: true, value: { email: 'nina@alpha.fr', memberName: 'Alpha' } });
    expect((await post('/invitation', { token, password: 'short' })).status).toBe(400);
    const used = await post('/invitation', { token, password: 'my own long password' });
    expect(used.status).toBe(200);
    expect(used.body.value).toMatchObject({ user: { email: 'nina@alpha.fr', role: 'salesperson', memberId: alpha.id }, methods: expect.arrayContaining(['extranet.inbox']) });
    const signed = { cookie: used.cookie!.split(';')[0]!, csrf: (used.body.value as { csrf: string }).csrf };
    expect((await post('/api/extranet.inbox', {}, signed)).body).toMatchObject({ ok: true });
    const again = await post('/invitation', { token, password: 'another long password' });
    expect(again).toMatchObject({ status: 410, body: { error: { reason: 'used', message: expect.stringContaining('used already') } } });
    expect((await post('/login', { email: 'nina@alpha.fr', password: 'my own long password' })).status).toBe(200);
    expect((await post('/invitation/check', { token: 'x'.repeat(43) })).status).toBe(410);
  }, 60_000);

  it('gives a pooled lead to exactly one of 20 members claiming it at once', async () => {
    fixture.call('routing.settings.save', { settings: { mode: 'pull' } });
    const members = Array.from({ length: 20 }, (_, i) => fixture.member(`Membre${String.fromCharCode(65 + i)}`));
    for (const m of members) fixture.territory(m.id);
    const lead = fixture.lead();
    expect(fixture.call('routing.dispatch', { leadId: lead.id }).outcome).toMatchObject({ kind: 'pool', memberIds: expect.arrayContaining(members.map((m) => m.id)) });
    const people = await Promise.all(members.map((m, i) => (person(`sales${i}@example.fr`, 'salesperson', m.id), signIn(`sales${i}@example.fr`))));
    const answers = await Promise.all(people.map((signed) => post('/api/extranet.claim', { id: lead.id }, signed)));
    const winners = answers.filter((a) => a.body.ok);
    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => !a.body.ok).map((a) => a.body.error!.message)).toEqual(Array(19).fill('Another member took this lead first.'));
    const winner = members[answers.findIndex((a) => a.body.ok)]!;
    expect(fixture.call('leads.get', { id: lead.id }).lead).toMatchObject({ status: 'accepted', ownerMemberId: winner.id });
    const claims = fixture.ctx.db.prepare("SELECT count(*) AS n FROM lead_events WHERE lead_id = ? AND type = 'claimed'").get(lead.id) as { n: number };
    expect(Number(claims.n)).toBe(1);
  }, 120_000);
});
