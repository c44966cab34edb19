import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../../core/app/session';
import { createHost, type Host } from '../../host/server';
import { sessionWithAccounts } from '../../host/test-host';
import { Desktop, serverAddressSchema, type LocalCall } from './desktop';
import { RemoteConnection } from './remote';

const PASSWORD = 'correct horse battery';

let session: Session;
let host: Host;
let origin: string;
let now: number;

beforeEach(async () => {
  now = Date.UTC(2026, 10, 23, 9, 0);
  ({ session, host, origin } = await sessionWithAccounts(['administrator', 'qualifier'], PASSWORD, () => now));
});
afterEach(async () => {
  await host.close();
  session.close();
});

describe('the connection to a server', () => {
  it('reaches a server, and tells a browser-mode host or a closed port apart', async () => {
    expect(await new RemoteConnection(origin).check()).toEqual({ ok: true });
    const browserMode = createHost({ call: async () => ({ ok: true, value: null }), staticDir: mkdtempSync(join(tmpdir(), 'aig-static-')), log: () => {} });
    const browserOrigin = await browserMode.listen(0);
    expect(await new RemoteConnection(browserOrigin).check()).toMatchObject({ ok: false, problem: 'notAiguillage' });
    await browserMode.close();
    expect(await new RemoteConnection(browserOrigin).check()).toMatchObject({ ok: false, problem: 'unreachable', detail: 'ECONNREFUSED' });
  });

  it('signs in, calls commands as the user with the session cookie and CSRF token, and learns when the session ended', async () => {
    const connection = new RemoteConnection(origin);
    expect(await connection.call('app.info', {}, 'en')).toMatchObject({ ok: false, signedOut: true });
    expect(await connection.signIn('qualifier@example.fr', 'not the password', 'fr')).toEqual({ ok: false, status: 401, message: 'Adresse e-mail ou mot de passe incorrect.' });
    const signed = await connection.signIn('qualifier@example.fr', PASSWORD, 'en');
    expect(signed).toMatchObject({ ok: true, me: { user: { email: 'qualifier@example.fr', role: 'qualifier' } } });
    expect(connection.me?.methods).toContain('queue.list');
    // A real command answered by the server, as this user: the role's refusals are the server's.
    expect(await connection.call('queue.list', {}, 'en')).toMatchObject({ ok: true });
    expect(await connection.call('routing.settings.save', {}, 'en')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'The role qualifier may not call routing.settings.save.' } });
    expect(await connection.call('leads.get', { id: 424242 }, 'fr')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // An hour without a call: the server ended the session; the connection says so and forgets it.
    now += 2 * 3_600_000;
    expect(await connection.call('app.info', {}, 'en')).toMatchObject({ ok: false, signedOut: true });
    expect(connection.me).toBeNull();
  });

  it('signs out on the server: the old session no longer answers', async () => {
    const connection = new RemoteConnection(origin);
    await connection.signIn('administrator@example.fr', PASSWORD, 'en');
    const sessions = () => Number((session.ctx!.db.prepare('SELECT count(*) AS n FROM user_sessions').get() as { n: number }).n);
    expect(sessions()).toBe(1);
    await connection.signOut();
    expect(sessions()).toBe(0);
    expect(connection.me).toBeNull();
  });

  it('never follows a redirect with the password', async () => {
    const seen: string[] = [];
    const redirecting = (async (url: URL, init: RequestInit) => {
      seen.push(`${String(url)} ${init.redirect}`);
      throw new TypeError('fetch failed', { cause: { code: 'UNEXPECTED_REDIRECT' } });
    }) as unknown as typeof fetch;
    expect(await new RemoteConnection('https://aiguillage.example.fr', redirecting).signIn('a@example.fr', PASSWORD, 'en')).toEqual({ ok: false, status: 0, message: 'UNEXPECTED_REDIRECT' });
    expect(seen).toEqual(['https://aiguillage.example.fr/login error']);
  });
});

describe('the desktop app’s choice between its file and a server', () => {
  const localCalls: unknown[] = [];
  const local: LocalCall = async (method) => (localCalls.push(method), { ok: true, value: 'local' });
  const fileIn = () => join(mkdtempSync(join(tmpdir(), 'aig-desktop-')), 'server.json');

  it('works on the local file until it signs in to a server, remembers the address but never the password, and goes back on Disconnect', async () => {
    const file = fileIn();
    const desktop = new Desktop(local, file);
    expect(await desktop.call('app.info', {}, 'en')).toEqual({ ok: true, value: 'local' });
    expect(await desktop.account('check', { address: origin }, 'en')).toMatchObject({ ok: true, state: { server: null } });
    const connected = await desktop.account('connect', { address: `${origin}/`, email: 'administrator@example.fr', password: PASSWORD }, 'en');
    expect(connected).toMatchObject({ ok: true, state: { server: { address: origin, me: { user: { role: 'administrator' } } }, lastAddress: origin } });
    const users = await desktop.call('users.list', {}, 'en');
    expect(users).toMatchObject({ ok: true });
    expect((users as { value: { email: string }[] }).value.map((u) => u.email)).toEqual(['administrator@example.fr', 'qualifier@example.fr']);
    const saved = readFileSync(file, 'utf8');
    expect(JSON.parse(saved)).toEqual({ address: origin, connected: true });
    expect(saved).not.toContain(PASSWORD);

    // The next start: the same server, no session (it lived in memory), so a sign-in first.
    const restarted = new Desktop(local, file);
    expect(restarted.status()).toEqual({ server: { address: origin, me: null }, lastAddress: origin });
    expect(await restarted.call('app.info', {}, 'en')).toMatchObject({ ok: false, signedOut: true });
    expect(await restarted.account('signIn', { email: 'qualifier@example.fr', password: PASSWORD }, 'en')).toMatchObject({ ok: true, state: { server: { me: { user: { role: 'qualifier' } } } } });
    expect(await restarted.call('app.info', {}, 'en')).toMatchObject({ ok: true, value: { dbPath: ':memory:' } });

    expect(await restarted.account('disconnect', {}, 'en')).toEqual({ ok: true, state: { server: null, lastAddress: origin } });
    expect(await restarted.call('app.info', {}, 'en')).toEqual({ ok: true, value: 'local' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ address: origin, connected: false });
    expect(new Desktop(local, file).status()).toEqual({ server: null, lastAddress: origin });
  });

  it('changes the signed-in person’s own password on the server, keeping this session', { timeout: 30_000 }, async () => {
    const desktop = new Desktop(local, fileIn());
    await desktop.account('connect', { address: origin, email: 'qualifier@example.fr', password: PASSWORD }, 'en');
    expect(await desktop.account('changePassword', { current: 'not it', next: 'a brand new password' }, 'en')).toMatchObject({ ok: false, error: { issues: [{ path: ['current'] }] } });
    expect(await desktop.account('changePassword', { current: PASSWORD, next: 'a brand new password' }, 'en')).toEqual({ ok: true, value: null });
    expect(await desktop.call('app.info', {}, 'en')).toMatchObject({ ok: true });
    expect(await new RemoteConnection(origin).signIn('qualifier@example.fr', PASSWORD, 'en')).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses plain HTTP to another machine, a wrong password and unknown actions, and stays on the local file', async () => {
    const file = fileIn();
    const desktop = new Desktop(local, file);
    expect(await desktop.account('connect', { address: 'http://192.168.1.20:8080', email: 'a@example.fr', password: PASSWORD }, 'en')).toEqual({
      ok: false,
      problem: 'invalid',
      issues: ['address:plainHttp'],
    });
    expect(await desktop.account('connect', { address: origin, email: 'administrator@example.fr', password: 'wrong' }, 'en')).toMatchObject({ ok: false, status: 401 });
    expect(await desktop.account('rm -rf', {}, 'en')).toMatchObject({ ok: false, problem: 'invalid' });
    expect(desktop.status()).toEqual({ server: null, lastAddress: null });
    expect(await desktop.call('app.info', {}, 'en')).toEqual({ ok: true, value: 'local' });
  });

  it('validates the address with zod, the issue naming the problem', () => {
    expect(serverAddressSchema.parse('https://aiguillage.example.fr/')).toBe('https://aiguillage.example.fr');
    expect(serverAddressSchema.safeParse('http://192.168.1.20').error?.issues.map((i) => i.message)).toEqual(['plainHttp']);
    expect(serverAddressSchema.safeParse('x'.repeat(301)).success).toBe(false);
    expect(serverAddressSchema.safeParse(42).success).toBe(false);
  });

  it('ignores a remembered choice that does not validate', () => {
    const file = fileIn();
    writeFileSync(file, JSON.stringify({ address: 'http://evil.example', connected: true }));
    expect(new Desktop(local, file).status()).toEqual({ server: null, lastAddress: null });
    writeFileSync(file, 'not json');
    expect(new Desktop(local, file).status()).toEqual({ server: null, lastAddress: null });
  });
});
