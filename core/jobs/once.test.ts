import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { openDatabase } from '../db/connection';
import { PostgresDb } from '../db/postgres';
import { createDatabase, dropDatabase, scratchName } from '../db/scratch';
import { startTestSmtpServer, type TestSmtpServer } from '../mail/test-server';
import { caller } from '../test-support';
import { exclusively, waitForJob } from './once';
import { refreshRollup } from '../kpi/rollup';
import { readSettings } from '../settings/read';
import { processOutbox, smtpTransport } from '../mail/outbox';
import { seedOverdueBacklog } from './overdue-fixture';
import { DEFAULT_LIMITS, runJobs, type TickReport } from './scheduler';

/** Two server processes on one database are two connections to it; a running cluster (tests/run-all.mjs starts one) is needed. */
const URL = process.env.AIGUILLAGE_TEST_PG_URL;
if (!URL) console.warn('core/jobs/once.test.ts skipped: set AIGUILLAGE_TEST_PG_URL (bash .ci/pg.sh start prints one)');

const NOW = Date.UTC(2026, 10, 23, 9);
const MAILS = 40;
const LEADS = 40;
const DISPATCHED = Date.UTC(2026, 10, 2, 9);

describe.skipIf(!URL)('background jobs across server processes on PostgreSQL', { timeout: 60_000 }, () => {
  const name = scratchName('jobs_once');
  let url: string;
  const open: PostgresDb[] = [];
  const connect = (): Context => {
    const db = new PostgresDb(url);
    open.push(db);
    return { db, dbPath: ':memory:', actor: 'test', now: () => NOW };
  };
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    url = createDatabase(URL!, name);
    openDatabase(url).close();
    smtp = await startTestSmtpServer();
  });
  afterEach(() => open.splice(0).forEach((db) => db.close()));
  afterAll(async () => {
    await smtp.close();
    dropDatabase(URL!, name);
  });

  it('a job held by one process is skipped by another until it lets go', async () => {
    const [a, b] = [connect(), connect()];
    let inside = 0;
    const held = exclusively(a.db, 'outbox', async () => {
      inside++;
      // While process A works (and awaits), process B's tick comes round.
      expect(await exclusively(b.db, 'outbox', () => 'ran')).toBeNull();
      // Another job is not held: B runs it meanwhile.
      expect(await exclusively(b.db, 'retention', () => 'ran')).toBe('ran');
      return 'done';
    });
    expect(await held).toBe('done');
    expect(inside).toBe(1);
    expect(await exclusively(b.db, 'outbox', () => 'ran')).toBe('ran');
  });

  it('a dashboard rebuilding the stored totals holds the rollup job off in every other process until it commits', async () => {
    const [a, b] = [connect(), connect()];
    // exclusively tries the lock at once, synchronously: while A's transaction is open.
    let tried!: Promise<string | null>;
    a.db.transaction(() => {
      waitForJob(a.db, 'rollup');
      tried = exclusively(b.db, 'rollup', () => 'ran');
    })();
    expect(await tried).toBeNull();
    expect(await exclusively(b.db, 'rollup', () => 'ran')).toBe('ran');
  });

  it('three processes emptying the outbox at once send each mail once', async () => {
    const [a, b, c] = [connect(), connect(), connect()];
    caller(a).call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', from: 'leads@reseau.example' } });
    const insert = a.db.prepare("INSERT INTO outbox (recipient, subject, body, reference, status, next_attempt_at, created_at) VALUES (?, ?, 'Bonjour', ?, 'pending', ?, ?)");
    for (let i = 0; i < MAILS; i++) insert.run(`pro${i}@reseau.example`, `Lead ${i}`, `lead-${i}`, NOW - 1000, NOW - 1000);
    // Each process works through the outbox in batches of 5, each mail an await on the network, as a tick does.
    const work = (ctx: Context) =>
      exclusively(ctx.db, 'outbox', async () => {
        let sent = 0;
        for (let n = -1; n !== 0;) sent += n = (await processOutbox(ctx, smtpTransport(ctx), 5)).sent;
        return sent;
      });
    const done = await Promise.all([work(a), work(b), work(c)]);
    expect(done.reduce<number>((n, d) => n + (d ?? 0), 0)).toBe(MAILS);
    expect(smtp.received.length).toBe(MAILS);
    expect(a.db.prepare("SELECT count(*) FROM outbox WHERE status = 'sent'").pluck().get()).toBe(MAILS);
  });
  it('ticks running at once in two processes re-route each overdue lead once and send each of its mails once', async () => {
    const [a, b] = [connect(), connect()];
    seedOverdueBacklog(a, { count: LEADS, dispatchedAt: DISPATCHED, dueAt: DISPATCHED + 3_600_000 });
    caller(a).call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: smtp.port, security: 'none', from: 'leads@reseau.example' } });
    a.db.prepare("UPDATE members SET email = 'pro' || id || '@reseau.example'").run();
    // The database and the mail server are the file's: count from here.
    smtp.received.length = 0;
    const sentBefore = a.db.prepare("SELECT count(*) FROM outbox WHERE status = 'sent'").pluck().get() as number;
    const limits = { ...DEFAULT_LIMITS, reassignSlice: 20, mailBatch: 5 };
    const reports: TickReport[] = [];
    for (let tick = 0; tick < 3; tick++) reports.push(...(await Promise.all([runJobs(a, () => {}, { limits }), runJobs(b, () => {}, { limits })])));

    expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(LEADS);
    const reassigned = a.db.prepare("SELECT lead_id, count(*) FROM lead_events WHERE type = 'reassigned' GROUP BY lead_id").raw().all() as [number, number][];
    expect(reassigned.length).toBe(LEADS);
    expect(reassigned.every(([, n]) => n === 1)).toBe(true);
    // Every mail due went out, each once: a mail read as due by both processes would reach the server twice.
    const mails = (status: string) => a.db.prepare('SELECT count(*) FROM outbox WHERE status = ? AND next_attempt_at <= ?').pluck().get(status, NOW) as number;
    const sent = (a.db.prepare("SELECT count(*) FROM outbox WHERE status = 'sent'").pluck().get() as number) - sentBefore;
    expect(mails('pending')).toBe(0);
    expect(sent).toBeGreaterThan(LEADS / 2);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(sent);
    expect(smtp.received.length).toBe(sent);
  });

  it('a dashboard finding another process rebuilding the stored totals reads them as they are instead of waiting', () => {
    // Last: its lead would change the counts of the tests above, which share the database.
    const [a, b] = [connect(), connect()];
    caller(a).call('leads.create', { lastName: 'Durand', phone: '0612345678', postalCode: '37000' });
    const settings = readSettings(b);
    const refresh = () => refreshRollup(b.db, settings['sla.businessHours'], settings['sla.targets'], Infinity, { wait: false });
    // Waiting here would never end: A's transaction is this same thread's.
    a.db.transaction(() => {
      waitForJob(a.db, 'rollup');
      expect(refresh()).toBe(0);
    })();
    expect(refresh()).toBeGreaterThan(0);
  });

  it('a lead written while another process rebuilds its hour neither waits for the rebuild nor loses its mark', () => {
    const [a, b] = [connect(), connect()];
    const settings = readSettings(b);
    const refresh = () => refreshRollup(b.db, settings['sla.businessHours'], settings['sla.targets']);
    caller(a).call('leads.create', { lastName: 'Martin', phone: '0612345679', postalCode: '37000' });
    refresh();
    caller(a).call('leads.create', { lastName: 'Bernard', phone: '0612345670', postalCode: '37000' });
    // Before migration 0032 the lead's mark of this hour waited for B's deletion of it to commit: forever, B being this thread.
    a.db.exec("SET lock_timeout = '5s'");
    b.db.transaction(() => {
      expect(refresh()).toBe(1);
      caller(a).call('leads.create', { lastName: 'Thomas', phone: '0612345671', postalCode: '37000' });
    })();
    // B's rebuild could not see that lead: its mark stays for the next one.
    expect(refresh()).toBe(1);
    expect(refresh()).toBe(0);
  });
});
