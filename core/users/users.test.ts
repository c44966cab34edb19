import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import type { Context } from '../commands/define';
import { listAudit } from '../privacy/audit';
import { hashPassword, verifyPassword } from './passwords';
import { ABSOLUTE_MS, csrfMatches, IDLE_MS, lookUpSession } from './sessions';
import { signIn, signOut } from './signin';
import { insertUser } from './store';
import { ACCOUNT_RULE, ADDRESS_RULE, waitAfter } from './throttle';

/** Cases that hash at the real cost (a third of a second each, several seconds on a loaded machine) get this limit. */
const REAL_COST_TIMEOUT = 30_000;
/** A cheap cost for the tests' own users: the stored hash carries its cost, so sign-in verifies it as is. */
const FAST = { logN: 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';

function withClock(start = Date.UTC(2026, 10, 23, 9, 0)) {
  let now = start;
  const ctx: Context = { ...testContext(), now: () => now, actor: 'admin@example.fr' };
  return { ctx, advance: (ms: number) => (now += ms) };
}

function addUser(ctx: Context, email: string, role: 'administrator' | 'qualifier' = 'qualifier') {
  return insertUser(ctx.db, { email, displayName: email.split('@')[0]!, role, passwordHash: hashPassword(PASSWORD, FAST) }, ctx.now());
}

/** A sign-in with the right password from a known address; the test stops here if it is refused. */
async function signedIn(ctx: Context, email = 'q@example.fr') {
  const result = await signIn(ctx, { email, password: PASSWORD, address: '10.0.0.1' });
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return result;
}

const actions = (ctx: Context) =>
  listAudit(ctx.db, { offset: 0, limit: 200 })
    .items.map((e) => `${e.action} ${e.actor} ${e.subject}`)
    .reverse();

describe('passwords', () => {
  it('verifies the right password only, and keeps its cost and salt in the stored text', async () => {
    const stored = hashPassword(PASSWORD, FAST);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hashPassword(PASSWORD, FAST)).not.toBe(stored);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(PASSWORD + ' ', stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$10$8$1$short$x')).toBe(false);
  });

  it('refuses a password shorter than 12 characters', () => {
    expect(() => hashPassword('short', FAST)).toThrow(/12 to 200/);
  });
});

describe('sign-in', () => {
  it('starts a session with a new token at each sign-in, and only the token hash is stored', async () => {
    const { ctx } = withClock();
    addUser(ctx, 'q@example.fr');
    const first = await signedIn(ctx, ' Q@Example.fr ');
    const second = await signedIn(ctx);
    expect(first.token).not.toBe(second.token);
    expect(Buffer.from(first.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const stored = ctx.db.prepare('SELECT token_hash FROM user_sessions').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(first.token);
    expect(lookUpSession(ctx.db, first.token, ctx.now())?.user.email).toBe('q@example.fr');
  });

  it('never keeps a token planted before sign-in (session fixation)', async () => {
    const { ctx } = withClock();
    addUser(ctx, 'q@example.fr');
    const planted = 'attacker-chosen-token-aaaaaaaaaaaaaaaaaaaaaaa';
    const result = await signedIn(ctx);
    expect(result.token).not.toBe(planted);
    expect(lookUpSession(ctx.db, planted, ctx.now())).toBeNull();
  });

  it('refuses an unknown address, a wrong password and a disabled user alike, and logs each with its reason', { timeout: REAL_COST_TIMEOUT }, async () => {
    const { ctx } = withClock();
    const user = addUser(ctx, 'q@example.fr');
    ctx.db.prepare('UPDATE users SET disabled_at = 1 WHERE id = ?').run(user.id);
    for (const [email, password] of [
      ['nobody@example.fr', PASSWORD],
      ['q@example.fr', 'wrong password!'],
      ['q@example.fr', PASSWORD],
    ]) {
      expect(await signIn(ctx, { email: email!, password: password!, address: '10.0.0.9' })).toEqual({ ok: false, reason: 'refused' });
    }
    const reasons = listAudit(ctx.db, { action: 'auth.signinFailed', offset: 0, limit: 10 }).items.map((e) => [e.actor, e.subject, e.details.reason]);
    expect(reasons.reverse()).toEqual([
      ['nobody@example.fr', '10.0.0.9', 'unknown'],
      ['q@example.fr', '10.0.0.9', 'password'],
      ['q@example.fr', '10.0.0.9', 'disabled'],
    ]);
  });

  it('signs out: the token no longer opens anything, and the sign-out is logged', async () => {
    const { ctx } = withClock();
    addUser(ctx, 'q@example.fr');
    const result = await signedIn(ctx);
    signOut(ctx, result.token, result.user, '10.0.0.1');
    expect(lookUpSession(ctx.db, result.token, ctx.now())).toBeNull();
    expect(actions(ctx)).toEqual(['auth.signin q@example.fr 10.0.0.1', 'auth.signout q@example.fr 10.0.0.1']);
  });
});

describe('session timeouts', () => {
  it('ends a session after an hour without a call', async () => {
    const { ctx, advance } = withClock();
    addUser(ctx, 'q@example.fr');
    const result = await signedIn(ctx);
    advance(IDLE_MS - 1000);
    expect(lookUpSession(ctx.db, result.token, ctx.now())).not.toBeNull();
    advance(IDLE_MS - 1000);
    expect(lookUpSession(ctx.db, result.token, ctx.now())).not.toBeNull();
    advance(IDLE_MS);
    expect(lookUpSession(ctx.db, result.token, ctx.now())).toBeNull();
    expect(ctx.db.prepare('SELECT count(*) AS n FROM user_sessions').get()).toEqual({ n: 0 });
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const { ctx, advance } = withClock();
    addUser(ctx, 'q@example.fr');
    const result = await signedIn(ctx);
    for (let t = 0; t + 30 * 60_000 < ABSOLUTE_MS; t += 30 * 60_000) {
      expect(lookUpSession(ctx.db, result.token, ctx.now())).not.toBeNull();
      advance(30 * 60_000);
    }
    advance(30 * 60_000);
    expect(lookUpSession(ctx.db, result.token, ctx.now())).toBeNull();
  });

  it('checks the CSRF token of the session, and only that one', async () => {
    const { ctx } = withClock();
    addUser(ctx, 'q@example.fr');
    const a = await signedIn(ctx);
    const b = await signedIn(ctx);
    const session = lookUpSession(ctx.db, a.token, ctx.now())!;
    expect(csrfMatches(session, a.csrf)).toBe(true);
    expect(csrfMatches(session, b.csrf)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
  });
});

describe('login rate limit', () => {
  it('makes an account wait, doubling up to 30 s, and never locks it', () => {
    expect([4, 5, 6, 7, 20].map((n) => waitAfter(n, ACCOUNT_RULE))).toEqual([0, 1000, 2000, 4000, 30_000]);
    expect(waitAfter(1000, ACCOUNT_RULE)).toBe(30_000);
    expect(waitAfter(30, ADDRESS_RULE)).toBe(15 * 60_000);
  });

  it('refuses a guess before its wait is over without counting it, and lets the real user in once it is', async () => {
    const { ctx, advance } = withClock();
    addUser(ctx, 'q@example.fr');
    for (let i = 0; i < ACCOUNT_RULE.free; i++) {
      expect(await signIn(ctx, { email: 'q@example.fr', password: `guess number ${i}`, address: '203.0.113.5' })).toEqual({ ok: false, reason: 'refused' });
    }
    // Five failures: the account waits a second, from any address (the guesser may have many).
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 1000 });
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ reason: 'throttled' });
    advance(1000);
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ ok: true });
    // The success cleared the account's count: the next typo costs nothing.
    expect(await signIn(ctx, { email: 'q@example.fr', password: 'typo typo typo', address: '10.0.0.1' })).toEqual({ ok: false, reason: 'refused' });
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ ok: true });
    expect(listAudit(ctx.db, { action: 'auth.signinFailed', offset: 0, limit: 50 }).items.filter((e) => e.details.reason === 'throttled')).toHaveLength(2);
  });

  it('slows an address trying many accounts, and not the users at other addresses', async () => {
    const { ctx } = withClock();
    addUser(ctx, 'q@example.fr');
    for (let i = 0; i < ADDRESS_RULE.free; i++) {
      addUser(ctx, `user${i}@example.fr`);
      await signIn(ctx, { email: `user${i}@example.fr`, password: 'a guess that fails', address: '203.0.113.5' });
    }
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '203.0.113.5' })).toMatchObject({ reason: 'throttled' });
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ ok: true });
  });
});

describe('users commands', () => {
  it(
    'creates a user with a generated password shown once, which signs in',
    async () => {
      const { ctx } = withClock();
      const { call, tryCall } = caller(ctx);
      const created = call('users.create', { email: 'New@Example.fr', displayName: 'Nouvelle', role: 'manager' });
      expect(created.user).toMatchObject({ email: 'new@example.fr', role: 'manager', disabled: false });
      expect(created.password).toMatch(/^[\w-]{20}$/);
      expect(await signIn(ctx, { email: 'new@example.fr', password: created.password!, address: '10.0.0.1' })).toMatchObject({ ok: true });
      expect(tryCall('users.create', { email: 'new@example.fr', displayName: 'Twice', role: 'manager', password: PASSWORD })).toMatchObject({
        ok: false,
        error: { code: 'conflict', issues: [{ path: ['email'] }] },
      });
      expect(call('users.list', {})).toMatchObject([{ email: 'new@example.fr', sessions: 1 }]);
    },
    REAL_COST_TIMEOUT,
  );

  it('ends every session of a user at once when they are disabled, and lets them back when enabled', async () => {
    const { ctx } = withClock();
    const { call } = caller(ctx);
    const user = addUser(ctx, 'q@example.fr');
    const sessions = await Promise.all([1, 2].map(() => signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })));
    call('users.disable', { id: user.id });
    for (const s of sessions) expect(lookUpSession(ctx.db, (s as { token: string }).token, ctx.now())).toBeNull();
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ ok: false });
    call('users.enable', { id: user.id });
    expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ ok: true });
    expect(actions(ctx).filter((a) => a.startsWith('user.'))).toEqual([`user.disable admin@example.fr user:${user.id}`, `user.enable admin@example.fr user:${user.id}`]);
  });

  it(
    'ends every session when the password is reset, and the old password stops working',
    async () => {
      const { ctx } = withClock();
      const { call } = caller(ctx);
      const user = addUser(ctx, 'q@example.fr');
      const before = await signedIn(ctx);
      const reset = call('users.resetPassword', { id: user.id, password: 'a brand new password' });
      expect(reset).toMatchObject({ password: null, sessionsEnded: 1 });
      expect(lookUpSession(ctx.db, before.token, ctx.now())).toBeNull();
      expect(await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' })).toMatchObject({ ok: false });
      expect(await signIn(ctx, { email: 'q@example.fr', password: 'a brand new password', address: '10.0.0.1' })).toMatchObject({ ok: true });
    },
    REAL_COST_TIMEOUT,
  );

  it('ends sessions on demand', async () => {
    const { ctx } = withClock();
    const user = addUser(ctx, 'q@example.fr');
    await signIn(ctx, { email: 'q@example.fr', password: PASSWORD, address: '10.0.0.1' });
    expect(caller(ctx).call('users.endSessions', { id: user.id })).toEqual({ sessionsEnded: 1 });
  });

  it('refuses to disable the last active administrator', () => {
    const { ctx } = withClock();
    const { tryCall, call } = caller(ctx);
    const admin = addUser(ctx, 'admin@example.fr', 'administrator');
    expect(tryCall('users.disable', { id: admin.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    addUser(ctx, 'second@example.fr', 'administrator');
    expect(call('users.disable', { id: admin.id })).toMatchObject({ disabled: true });
  });
});
