import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { openDatabase } from '../db/connection';
import { PostgresDb } from '../db/postgres';
import { createDatabase, dropDatabase, scratchName } from '../db/scratch';
import { startTestSmtpServer, type TestSmtpServer } from '../mail/test-server';
import { caller } from '../test-support';
import { exclusively } from './once';
import { processOutbox, smtpTransport } from '../mail/outbox';

/** Two server processes on one database are two connections to it; a running cluster (tests/run-all.mjs starts one) is needed. */
const URL = process.env.AIGUILLAGE_TEST_PG_URL;
if (!URL) console.warn('core/jobs/once.test.ts skipped: set AIGUILLAGE_TEST_PG_URL (bash .ci/pg.sh start prints one)');

const NOW = Date.UTC(2026, 10, 23, 9);
const MAILS = 40;

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

  // The scheduler runs each job as below (scheduler.ts: inSlices); the whole tick on PostgreSQL waits for its SQL to be portable (tests/engines/postgres-pending.txt).
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
});
