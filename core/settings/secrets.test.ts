import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../commands/define';
import { createBackup, backupDir } from '../db/backup';
import { sqliteOf } from '../db/connection';
import { openApp } from '../open';
import { processOutbox, smtpTransport } from '../mail/outbox';
import { startTestSmtpServer, type TestSmtpServer } from '../mail/test-server';
import { caller, validMember } from '../test-support';
import { keyBox, keyFileBox, keyFilePath, readSecret } from './secrets';

const PASSWORD = 'Zq8-tres-secret-Pw';
const NOW = Date.UTC(2026, 10, 23, 9, 0);

let server: TestSmtpServer;
beforeEach(async () => (server = await startTestSmtpServer({ user: 'head-office', password: PASSWORD })));
afterEach(() => server.close());

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'aig-secrets-')), 'aiguillage.sqlite');
const smtp = (over: object = {}) => ({ enabled: true, host: '127.0.0.1', port: server.port, security: 'none', user: 'head-office', from: 'leads@reseau.example', ...over });

/** The database, its WAL and every file in the backups folder, as bytes. */
function everyFile(dbPath: string): Buffer[] {
  const files = [dbPath, `${dbPath}-wal`].filter(existsSync);
  files.push(...readdirSync(backupDir(dbPath)).map((name) => join(backupDir(dbPath), name)));
  return files.map((f) => readFileSync(f));
}

/** A lead dispatched to a member with an e-mail, so the outbox has a message due. */
function dispatchOne(call: ReturnType<typeof caller>['call'], ctx: Context) {
  call('members.create', { ...validMember, email: 'pro@solaire-touraine.fr', lat: 47.39, lon: 0.68, radiusKm: 50 });
  const { lead } = call('leads.create', { lastName: 'Durand', phone: '06 12 34 56 78', postalCode: '37000', city: 'Tours' });
  ctx.db.prepare('UPDATE leads SET lat = 47.39, lon = 0.69 WHERE id = ?').run(lead.id);
  call('leads.qualify', { id: lead.id, temperature: 'hot' });
  call('routing.dispatch', { leadId: lead.id });
}

describe('the SMTP password at rest', () => {
  it('is in neither the database file nor any backup, is never returned by the API, and still logs in to send', async () => {
    const dbPath = tempDb();
    const ctx = await openApp({ dbPath, demo: false, now: () => NOW });
    const { call } = caller(ctx);
    const set = call('settings.set', { key: 'mail.smtp', value: { ...smtp(), password: PASSWORD } });
    expect(set['mail.smtp']).toMatchObject({ user: 'head-office', passwordSet: true });
    expect(JSON.stringify(set)).not.toContain(PASSWORD);
    expect(JSON.stringify(call('settings.get', {}))).not.toContain(PASSWORD);
    // Saving the form again without a password keeps the one set.
    expect(call('settings.set', { key: 'mail.smtp', value: { ...smtp(), passwordSet: true } })['mail.smtp'].passwordSet).toBe(true);

    dispatchOne(call, ctx);
    expect(await processOutbox(ctx)).toEqual({ sent: 1, failed: 0 });
    expect(server.received).toHaveLength(1);

    await createBackup(ctx.db, dbPath, 'manual', NOW);
    await createBackup(ctx.db, dbPath, 'daily', NOW);
    for (const bytes of everyFile(dbPath)) expect(bytes.includes(PASSWORD)).toBe(false);
    expect(everyFile(dbPath)).toHaveLength(4);
    expect(statSync(keyFilePath(dbPath)).mode & 0o777).toBe(0o600);

    expect(call('settings.set', { key: 'mail.smtp', value: { ...smtp(), password: '' } })['mail.smtp'].passwordSet).toBe(false);
    ctx.db.close();
  });

  it('is kept on a save without it only for the same server and login: another server needs it typed again', async () => {
    const dbPath = tempDb();
    const ctx = await openApp({ dbPath, demo: false, now: () => NOW });
    const { call } = caller(ctx);
    call('settings.set', { key: 'mail.smtp', value: { ...smtp(), password: PASSWORD } });
    for (const over of [{ host: 'mail.attaquant.example', security: 'tls' }, { user: 'someone-else' }]) {
      expect(() => call('settings.set', { key: 'mail.smtp', value: smtp(over) }), JSON.stringify(over)).toThrow(/enter the password again/);
    }
    // Nothing changed: the server and login the password was given for.
    expect(call('settings.get', {})['mail.smtp']).toMatchObject({ host: '127.0.0.1', user: 'head-office', passwordSet: true });
    // Same server and login, another port: kept. A new server with its password: accepted; then written in capitals: kept.
    expect(call('settings.set', { key: 'mail.smtp', value: smtp({ port: 2525 }) })['mail.smtp'].passwordSet).toBe(true);
    expect(call('settings.set', { key: 'mail.smtp', value: { ...smtp({ host: 'smtp.example.fr', security: 'tls' }), password: 'other' } })['mail.smtp']).toMatchObject({
      host: 'smtp.example.fr',
      passwordSet: true,
    });
    expect(call('settings.set', { key: 'mail.smtp', value: smtp({ host: 'SMTP.Example.FR', security: 'tls' }) })['mail.smtp'].passwordSet).toBe(true);
    ctx.db.close();
  });

  it('written in clear by an older version is sealed when the database is opened', async () => {
    const dbPath = tempDb();
    const first = await openApp({ dbPath, demo: false });
    first.db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('mail.smtp', ?, 0)`).run(JSON.stringify({ ...smtp(), password: PASSWORD }));
    sqliteOf(first.db, 'test').pragma('wal_checkpoint(TRUNCATE)');
    first.db.close();
    expect(readFileSync(dbPath).includes(PASSWORD)).toBe(true);

    const ctx = await openApp({ dbPath, demo: false });
    expect(caller(ctx).call('settings.get', {})['mail.smtp']).toMatchObject({ enabled: true, user: 'head-office', passwordSet: true });
    expect(smtpTransport(ctx).password).toBe(PASSWORD);
    ctx.db.close();
    expect(Buffer.concat([readFileSync(dbPath), existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0)]).includes(PASSWORD)).toBe(false);
  });

  it('sealed by another box (the desktop app’s key store) is reported plainly, not as a failed login', async () => {
    const dbPath = tempDb();
    const desktop = await openApp({ dbPath, demo: false, secrets: keyBox('os-keystore', () => Buffer.alloc(32, 7)) });
    caller(desktop).call('settings.set', { key: 'mail.smtp', value: { ...smtp(), password: PASSWORD } });
    desktop.db.close();
    const browser = await openApp({ dbPath, demo: false });
    expect(() => readSecret(browser, 'mail.smtp.password')).toThrow(/saved by the desktop app \(system key store\): enter it again in Settings/);
    browser.db.close();
  });

  it('that this host cannot open is asked for only by a login: a relay without login still gets the mails', async () => {
    const dbPath = tempDb();
    const desktop = await openApp({ dbPath, demo: false, secrets: keyBox('os-keystore', () => Buffer.alloc(32, 7)) });
    caller(desktop).call('settings.set', { key: 'mail.smtp', value: { ...smtp(), enabled: false, password: PASSWORD } });
    desktop.db.close();
    const browser = await openApp({ dbPath, demo: false, now: () => NOW });
    // Sending off: nothing to open.
    expect(smtpTransport(browser).password).toBe('');
    // A relay without login (the test server accepts mail without one too): sent.
    const { call } = caller(browser);
    call('settings.set', { key: 'mail.smtp', value: smtp({ user: '' }) });
    dispatchOne(call, browser);
    expect(await processOutbox(browser)).toEqual({ sent: 1, failed: 0 });
    browser.db.close();
  });

  it('with a damaged key file is refused naming the file at every use, not only the first', () => {
    const file = keyFilePath(tempDb());
    writeFileSync(file, Buffer.alloc(10), { mode: 0o600 });
    const box = keyFileBox(file);
    for (let i = 0; i < 2; i++) expect(() => box.seal(PASSWORD), `use ${i + 1}`).toThrow(`The secret key file ${file} is damaged.`);
  });
});

describe('a login over a plain connection', () => {
  it('is accepted to a relay on this machine only, with a clear error otherwise', async () => {
    const ctx = await openApp({ dbPath: ':memory:', demo: false });
    const { call, tryCall } = caller(ctx);
    expect(call('settings.set', { key: 'mail.smtp', value: smtp({ host: 'localhost' }) })['mail.smtp'].host).toBe('localhost');
    expect(tryCall('settings.set', { key: 'mail.smtp', value: smtp({ host: 'smtp.example.fr' }) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: ['value', 'security'], message: expect.stringMatching(/relay on this machine only \(localhost\): choose TLS or STARTTLS/) }] },
    });
    // Without a login nothing secret crosses the network: a plain relay elsewhere is allowed.
    expect(call('settings.set', { key: 'mail.smtp', value: smtp({ host: 'relay.example.fr', user: '' }) })['mail.smtp'].host).toBe('relay.example.fr');
    expect(call('settings.set', { key: 'mail.smtp', value: smtp({ host: 'smtp.example.fr', security: 'starttls' }) })['mail.smtp'].security).toBe('starttls');
  });
});
