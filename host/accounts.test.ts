import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { Role } from '../common/roles';
import { Session } from '../core/app/session';
import { listAudit } from '../core/privacy/audit';
import { ACCESS, mayCall } from '../core/users/access';
import { IDLE_MS } from '../core/users/sessions';
import type { User } from '../core/users/store';
import { ACCOUNT_RULE } from '../core/users/throttle';
import { CSRF_HEADER, idsOf } from './accounts';
import { sessionWithAccounts } from './test-host';
import type { Host } from './server';

const PASSWORD = 'correct horse battery';
const METHODS = Object.keys(ACCESS);

let session: Session;
let host: Host;
let origin: string;
let now: number;
let users: Record<Role, User>;

beforeEach(async () => {
  now = Date.UTC(2026, 10, 23, 9, 0);
  ({ session, users, host, origin } = await sessionWithAccounts(['administrator', 'coordinator', 'qualifier', 'manager'], PASSWORD, () => now));
});
afterEach(async () => {
  await host.close();
  session.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function send(path: string, { method = 'POST', headers = {}, body = '{}' }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: url.pathname, method, headers: { host: url.host, 'content-type': 'application/json', ...headers } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

interface Signed {
  cookie: string;
  csrf: string;
  methods: string[];
}

async function signIn(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Signed> {
  const res = await send('/login', { body: JSON.stringify({ email, password }), headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const setCookie = String(res.headers['set-cookie']);
  const { csrf, methods } = res.body.value as { csrf: string; methods: string[] };
  return { cookie: setCookie.split(';')[0]!, csrf, methods };
}

const as = (s: Signed) => ({ cookie: s.cookie, [CSRF_HEADER]: s.csrf });
// Every page of them: the role matrix alone refuses more than a page holds.
const refusals = () => {
  const all = [];
  for (let offset = 0; ; offset += 200) {
    const page = listAudit(session.ctx!.db, { action: 'access.refused', offset, limit: 200 }).items;
    all.push(...page);
    if (page.length < 200) return all;
  }
};

describe('server mode: sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict cookie and answers who is signed in at /me', async () => {
    const res = await send('/login', { body: JSON.stringify({ email: 'qualifier@example.fr', password: PASSWORD }) });
    expect(String(res.headers['set-cookie'])).toMatch(/^aiguillage_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    const me = await send('/me', { method: 'GET', headers: { cookie } });
    expect(me.body.value).toMatchObject({ user: { email: 'qualifier@example.fr', role: 'qualifier' }, csrf: (res.body.value as { csrf: string }).csrf });
    expect((me.body.value as { methods: string[] }).methods).toContain('queue.list');
    expect((me.body.value as { methods: string[] }).methods).not.toContain('routing.settings.save');
    expect((await send('/me', { method: 'GET' })).status).toBe(401);
  });

  it('refuses a sign-in from another origin', async () => {
    const res = await send('/login', { body: JSON.stringify({ email: 'qualifier@example.fr', password: PASSWORD }), headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('never keeps a session cookie planted before sign-in (session fixation)', async () => {
    const planted = 'aiguillage_session=planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaaaa';
    const signed = await signIn('qualifier@example.fr', PASSWORD, { cookie: planted });
    expect(signed.cookie).not.toBe(planted);
    expect((await send('/api/app.info', { headers: { cookie: planted, [CSRF_HEADER]: signed.csrf } })).status).toBe(401);
    // And a session the browser already had ends: the sign-in replaced it.
    const again = await signIn('qualifier@example.fr', PASSWORD, { cookie: signed.cookie });
    expect(again.cookie).not.toBe(signed.cookie);
    expect((await send('/api/app.info', { headers: as(signed) })).status).toBe(401);
    expect((await send('/api/app.info', { headers: as(again) })).status).toBe(200);
  });

  it('answers 429 with Retry-After once an account had too many failures, and lets the user in after the wait', async () => {
    for (let i = 0; i < ACCOUNT_RULE.free; i++) {
      expect((await send('/login', { body: JSON.stringify({ email: 'manager@example.fr', password: `wrong guess ${i}` }) })).status).toBe(401);
    }
    const throttled = await send('/login', { body: JSON.stringify({ email: 'manager@example.fr', password: PASSWORD }) });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    now += 1000;
    await signIn('manager@example.fr');
    const attempts = listAudit(session.ctx!.db, { offset: 0, limit: 50 }).items.filter((e) => e.action.startsWith('auth.'));
    expect(attempts.map((e) => e.action)).toEqual(['auth.signin', 'auth.signinFailed', ...Array(ACCOUNT_RULE.free).fill('auth.signinFailed')]);
  });

  it('signs out: the cookie is cleared and the session no longer answers', async () => {
    const signed = await signIn('qualifier@example.fr');
    expect((await send('/logout', { headers: { cookie: signed.cookie } })).status).toBe(403);
    const res = await send('/logout', { headers: as(signed) });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await send('/api/app.info', { headers: as(signed) })).status).toBe(401);
  });
});

describe('server mode: changing one’s own password', () => {
  it('asks for the current password, keeps this session, ends the others, and the old password stops working', { timeout: 30_000 }, async () => {
    const here = await signIn('qualifier@example.fr');
    const elsewhere = await signIn('qualifier@example.fr');
    const change = (current: string, next: string, headers: Record<string, string> = as(here)) => send('/password', { body: JSON.stringify({ current, next }), headers });
    expect((await change(PASSWORD, 'a brand new password', { cookie: here.cookie })).status).toBe(403);
    const wrong = await change('not the password', 'a brand new password');
    expect(wrong.status).toBe(401);
    const short = await change(PASSWORD, 'short');
    expect(short.status).toBe(400);
    expect(short.body.error?.message).toMatch(/12 to 200/);
    expect((await change(PASSWORD, 'a brand new password')).status).toBe(200);
    expect((await send('/api/app.info', { headers: as(here) })).status).toBe(200);
    expect((await send('/api/app.info', { headers: as(elsewhere) })).status).toBe(401);
    expect((await send('/login', { body: JSON.stringify({ email: 'qualifier@example.fr', password: PASSWORD }) })).status).toBe(401);
    await signIn('qualifier@example.fr', 'a brand new password');
    const audited = listAudit(session.ctx!.db, { offset: 0, limit: 10 }).items.map((e) => e.action);
    expect(audited).toContain('auth.passwordChanged');
  });
});

describe('server mode: every command', () => {
  it('answers 401 to every command without a session', async () => {
    for (const method of METHODS) {
      const res = await send(`/api/${method}`);
      expect(res.status, method).toBe(401);
    }
  });

  it('answers 403 to every command a role may not call, and runs the others', async () => {
    for (const role of ['coordinator', 'qualifier', 'manager'] as const) {
      const signed = await signIn(`${role}@example.fr`);
      for (const method of METHODS) {
        // Restoring or backing up would act on the file; what matters here is the refusal.
        if (mayCall(role, method) && method.startsWith('database.') && method !== 'database.status') continue;
        const res = await send(`/api/${method}`, { body: '{"id":999999}', headers: as(signed) });
        expect(res.status, `${role} ${method}`).toBe(mayCall(role, method) ? 200 : 403);
      }
    }
    const refused = refusals();
    expect(refused.length).toBe(['coordinator', 'qualifier', 'manager'].reduce((n, role) => n + METHODS.filter((m) => !mayCall(role as Role, m)).length, 0));
    expect(refused.find((e) => e.actor === 'qualifier@example.fr' && e.details.method === 'routing.settings.save')?.details).toEqual({
      reason: 'role',
      method: 'routing.settings.save',
      role: 'qualifier',
    });
  }, 60_000);

  it('requires the session CSRF token on every call, and logs the attempt without it', async () => {
    const signed = await signIn('coordinator@example.fr');
    const other = await signIn('qualifier@example.fr');
    for (const method of ['members.create', 'app.info']) {
      expect((await send(`/api/${method}`, { headers: { cookie: signed.cookie } })).status).toBe(403);
      expect((await send(`/api/${method}`, { headers: { cookie: signed.cookie, [CSRF_HEADER]: other.csrf } })).status).toBe(403);
    }
    expect(refusals().map((e) => [e.actor, e.details.reason])).toEqual(Array(4).fill(['coordinator@example.fr', 'csrf']));
  });

  it('ends a disabled user’s sessions at once: their next call gets 401', async () => {
    const qualifier = await signIn('qualifier@example.fr');
    const admin = await signIn('administrator@example.fr');
    expect((await send('/api/queue.list', { headers: as(qualifier) })).status).toBe(200);
    const res = await send('/api/users.disable', { body: JSON.stringify({ id: users.qualifier.id }), headers: as(admin) });
    expect(res.body).toMatchObject({ ok: true, value: { disabled: true } });
    expect((await send('/api/queue.list', { headers: as(qualifier) })).status).toBe(401);
    expect((await send('/login', { body: JSON.stringify({ email: 'qualifier@example.fr', password: PASSWORD }) })).status).toBe(401);
  });

  it('ends a session after an hour without a call', async () => {
    const signed = await signIn('qualifier@example.fr');
    now += IDLE_MS - 1;
    expect((await send('/api/app.info', { headers: as(signed) })).status).toBe(200);
    now += IDLE_MS;
    expect((await send('/api/app.info', { headers: as(signed) })).status).toBe(401);
  });

  it('names the user in what they changed: the audit log and the lead’s events', async () => {
    const coordinator = await signIn('coordinator@example.fr');
    const created = await send('/api/members.create', {
      body: JSON.stringify({ name: 'Solaire Touraine', kind: 'installer', postalCode: '37000', city: 'Tours', capacityPerWeek: 12, priorityCoefficient: 1.5, radiusKm: 40 }),
      headers: as(coordinator),
    });
    expect(created.body.ok).toBe(true);
    // A read is not logged; a refused or failed change neither (nothing changed).
    await send('/api/members.list', { headers: as(coordinator) });
    await send('/api/members.update', { body: '{"id":424242}', headers: as(coordinator) });
    const qualifier = await signIn('qualifier@example.fr');
    const lead = await send('/api/leads.create', {
      body: JSON.stringify({ source: 'web', firstName: 'Jean', lastName: 'Martin', phone: '0612345678', postalCode: '37000', city: 'Tours', product: 'Pompe à chaleur' }),
      headers: as(qualifier),
    });
    expect(lead.body.ok, JSON.stringify(lead.body)).toBe(true);
    const leadId = (lead.body.value as { lead: { id: number } }).lead.id;
    const qualified = await send('/api/leads.qualify', { body: JSON.stringify({ id: leadId, temperature: 'hot' }), headers: as(qualifier) });
    expect(qualified.body.ok, JSON.stringify(qualified.body)).toBe(true);
    const changes = listAudit(session.ctx!.db, { action: 'command', offset: 0, limit: 10 }).items.map((e) => [e.actor, e.subject]);
    expect(changes).toEqual([
      ['qualifier@example.fr', 'leads.qualify'],
      ['qualifier@example.fr', 'leads.create'],
      ['coordinator@example.fr', 'members.create'],
    ]);
    const events = session.ctx!.db.prepare('SELECT actor FROM lead_events WHERE lead_id = ?').all(leadId) as { actor: string }[];
    expect(events.map((e) => e.actor)).toContain('qualifier@example.fr');
  });
});

describe('server mode: one’s own language and theme', () => {
  const settingsOf = async (signed: Signed) => (await send('/api/settings.get', { headers: as(signed) })).body.value as Record<string, unknown>;

  it('lets a qualifier set their language, leaves the administrator’s as it was, and never another user’s', async () => {
    const qualifier = await signIn('qualifier@example.fr');
    const admin = await signIn('administrator@example.fr');
    const manager = await signIn('manager@example.fr');
    // The head office's settings stay the administrator's.
    expect((await send('/api/settings.set', { body: JSON.stringify({ key: 'ui.locale', value: 'fr' }), headers: as(qualifier) })).status).toBe(403);
    const set = await send('/api/preferences.set', { body: JSON.stringify({ key: 'ui.locale', value: 'fr' }), headers: as(qualifier) });
    expect(set.body).toMatchObject({ ok: true, value: { 'ui.locale': 'fr' } });
    expect(await settingsOf(qualifier)).toMatchObject({ 'ui.locale': 'fr', 'ui.theme': 'system' });
    expect(await settingsOf(admin)).toMatchObject({ 'ui.locale': 'system' });
    // Nothing in the input can name someone else: an id is refused, and the manager's own stay untouched too.
    const other = await send('/api/preferences.set', { body: JSON.stringify({ key: 'ui.theme', value: 'dark', userId: users.administrator.id }), headers: as(qualifier) });
    expect(other.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await settingsOf(admin)).toMatchObject({ 'ui.locale': 'system', 'ui.theme': 'system' });
    expect(await settingsOf(manager)).toMatchObject({ 'ui.locale': 'system', 'ui.theme': 'system' });
    // Each person's choice is theirs: the administrator's own does not move the qualifier's.
    await send('/api/preferences.set', { body: JSON.stringify({ key: 'ui.theme', value: 'dark' }), headers: as(admin) });
    expect(await settingsOf(admin)).toMatchObject({ 'ui.locale': 'system', 'ui.theme': 'dark' });
    expect(await settingsOf(qualifier)).toMatchObject({ 'ui.locale': 'fr', 'ui.theme': 'system' });
    expect(listAudit(session.ctx!.db, { action: 'command', offset: 0, limit: 10 }).items.map((e) => [e.actor, e.subject])).toEqual([
      ['administrator@example.fr', 'preferences.set'],
      ['qualifier@example.fr', 'preferences.set'],
    ]);
  });
});

describe('idsOf', () => {
  it('keeps the ids of an input and nothing else', () => {
    expect(idsOf({ id: 3, leadId: 7, memberIds: [1, 2], name: 'Jean', note: 'free text', leadIds: ['x'] })).toEqual({ id: 3, leadId: 7, memberIds: [1, 2] });
  });
});
