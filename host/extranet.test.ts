/**
 * The member extranet through the server (issue 18), over HTTP as a phone reaches it: the access
 * matrix (anonymous, the head office's roles, another member's person: refused and logged), the
 * invitation link (opening spends nothing, the POST acts once) and pull mode's race: 20 claims of
 * one pooled lead sent at once by 20 members' salespeople give exactly one winner; the second
 * factor: a member administrator must set it up before anything else, then gives a code at each
 * sign-in, once per code; a salesperson turns theirs on and off; the head office resets a lost one.
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
import { codeAt, enrolled } from '../core/users/second-factor-fixture';
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
  return {
    status: res.status,
    cookie: res.headers.get('set-cookie'),
    body: (await res.json()) as { ok: boolean; value?: unknown; secondFactor?: boolean; error?: { code: string; message: string; reason?: string } },
  };
}

function person(email: string, role: Role | MemberRole, memberId: number | null = null) {
  return insertUser(fixture.ctx.db, { email, displayName: email, role, memberId, passwordHash: hashPassword(PASSWORD, FAST) }, fixture.ctx.now());
}

async function signIn(email: string, code?: string): Promise<Signed> {
  const res = await post('/login', { email, password: PASSWORD, code });
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
    // A member administrator signs in with their second factor (core/users/second-factor.ts).
    const bobSecret = enrolled(fixture.ctx, person('bob@bravo.fr', 'member_admin', bravo.id));
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
    const bob = await signIn('bob@bravo.fr', codeAt(bobSecret, fixture.ctx.now()));
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

  it('keeps a member’s person’s language with their account: /me gives it on any device, and setting it answers nothing of the head office’s settings', async () => {
    const alpha = fixture.member('Alpha');
    person('sam@example.fr', 'salesperson', alpha.id);
    const first = await signIn('sam@example.fr');
    const me = async (signed: Signed) => {
      const res = await fetch(new URL('/me', origin), { headers: { cookie: signed.cookie } });
      return ((await res.json()) as { value: { language: string | null } }).value;
    };
    expect(await me(first)).toMatchObject({ language: null });
    const set = await post('/api/preferences.set', { key: 'ui.locale', value: 'en' }, first);
    expect(set.body).toEqual({ ok: true, value: { 'ui.locale': 'en', 'ui.theme': 'system' } });
    // Another device, another session: the same language, from the account.
    const second = await signIn('sam@example.fr');
    expect(await me(second)).toMatchObject({ language: 'en' });
    expect((await post('/login', { email: 'sam@example.fr', password: PASSWORD })).body.value).toMatchObject({ language: 'en' });
    // Back to following the browser.
    await post('/api/preferences.set', { key: 'ui.locale', value: 'system' }, second);
    expect(await me(first)).toMatchObject({ language: null });
  });

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

const me = async (signed: Signed) => {
  const answer = (await (await fetch(new URL('/me', origin), { headers: { cookie: signed.cookie } })).json()) as { value: { secondFactor: { enabled: boolean; required: boolean } } };
  return answer.value;
};

describe('the second factor over HTTP', () => {
  it('leads a member administrator to set it up before anything else, then asks for a code at each sign-in, once per code', async () => {
    const alpha = fixture.member('Alpha');
    person('ada@alpha.fr', 'member_admin', alpha.id);
    const first = await signIn('ada@alpha.fr');
    expect((await me(first)).secondFactor).toEqual({ enabled: false, required: true });
    expect((await post('/api/extranet.inbox', {}, first)).status).toBe(403);
    // Enrolment: the secret once, a wrong code refused, the right one turns it on.
    const started = await post('/second-factor/start', {}, first);
    const { secret, uri } = started.body.value as { secret: string; uri: string };
    expect(uri).toContain(`secret=${secret}`);
    expect((await post('/second-factor/start', {}, { ...first, csrf: 'wrong' })).status).toBe(403);
    expect((await post('/second-factor/confirm', { code: '000000' }, first)).status).toBe(401);
    expect((await post('/second-factor/confirm', { code: codeAt(secret, fixture.ctx.now(), -1) }, first)).body).toEqual({ ok: true, value: null });
    expect((await me(first)).secondFactor).toEqual({ enabled: true, required: true });
    expect((await post('/api/extranet.inbox', {}, first)).body.ok).toBe(true);
    // Never shown again.
    expect((await post('/second-factor/start', {}, first)).status).toBe(409);
    // A member administrator keeps it.
    expect((await post('/second-factor/off', { code: codeAt(secret, fixture.ctx.now()) }, first)).status).toBe(403);

    // The next sign-in: the password alone starts no session and asks for the code.
    const asked = await post('/login', { email: 'ada@alpha.fr', password: PASSWORD });
    expect(asked).toMatchObject({ status: 401, cookie: null, body: { ok: false, secondFactor: true } });
    const code = codeAt(secret, fixture.ctx.now());
    await signIn('ada@alpha.fr', code);
    expect(await post('/login', { email: 'ada@alpha.fr', password: PASSWORD, code })).toMatchObject({
      status: 401,
      cookie: null,
      body: { secondFactor: true, error: { message: expect.stringContaining('used already') } },
    });
    expect((await post('/login', { email: 'ada@alpha.fr', password: PASSWORD, code: 123456 })).status).toBe(400);
  }, 60_000);

  it('lets a salesperson turn theirs on and off; the head office resets a lost one', async () => {
    const alpha = fixture.member('Alpha');
    const sam = person('sam@alpha.fr', 'salesperson', alpha.id);
    const signed = await signIn('sam@alpha.fr');
    expect((await me(signed)).secondFactor).toEqual({ enabled: false, required: false });
    expect((await post('/api/extranet.inbox', {}, signed)).body.ok).toBe(true);
    const { secret } = (await post('/second-factor/start', {}, signed)).body.value as { secret: string };
    await post('/second-factor/confirm', { code: codeAt(secret, fixture.ctx.now(), -1) }, signed);
    expect((await post('/login', { email: 'sam@alpha.fr', password: PASSWORD })).body.secondFactor).toBe(true);
    expect((await post('/second-factor/off', { code: codeAt(secret, fixture.ctx.now()) }, signed)).body.ok).toBe(true);
    expect((await post('/login', { email: 'sam@alpha.fr', password: PASSWORD })).status).toBe(200);

    // On again, then lost: the head office resets it and the person's session ends.
    const again = await signIn('sam@alpha.fr');
    const second = (await post('/second-factor/start', {}, again)).body.value as { secret: string };
    fixture.advance(60_000);
    await post('/second-factor/confirm', { code: codeAt(second.secret, fixture.ctx.now()) }, again);
    expect((await me(again)).secondFactor.enabled).toBe(true);
    fixture.call('members.resetSecondFactor', { userId: sam.id });
    expect((await post('/api/extranet.inbox', {}, again)).status).toBe(401);
    expect((await post('/login', { email: 'sam@alpha.fr', password: PASSWORD })).status).toBe(200);
  }, 60_000);
});
