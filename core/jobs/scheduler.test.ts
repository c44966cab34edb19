import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { caller, testContext } from '../test-support';
import { jsonInteger } from '../db/json';
import { startTestSmtpServer, type TestSmtpServer } from '../mail/test-server';
import { LATE_NOTE_MS } from '../routing/reassign';
import { seedOverdueBacklog } from './overdue-fixture';
import { DEFAULT_LIMITS, runJobs, type JobLimits, type TickReport } from './scheduler';

const DISPATCHED = Date.UTC(2026, 10, 2, 9); // a Monday, 10:00 in Paris
const DUE = DISPATCHED + 8 * 3_600_000;
/** Three weeks later: the app was closed meanwhile. */
const REOPENED = Date.UTC(2026, 10, 23, 9);
const MINUTE = 60_000;
const LIMITS: JobLimits = { ...DEFAULT_LIMITS, reassignPerTick: 500, reassignSlice: 100 };

function backlog(count: number) {
  let now = REOPENED;
  const ctx: Context = { ...testContext(), now: () => now };
  const ids = seedOverdueBacklog(ctx, { count, dispatchedAt: DISPATCHED, dueAt: DUE });
  const firstOwner = new Map((ctx.db.prepare('SELECT lead_id, member_id FROM dispatches').raw().all() as [number, number][]).map(([l, m]) => [l, m]));
  return { ctx, ids, firstOwner, api: caller(ctx), advance: (ms: number) => (now += ms), now: () => now };
}

const count = (ctx: Context, sql: string, ...params: unknown[]) =>
  ctx.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

describe('background jobs on a backlog', () => {
  it('re-routes 1,200 overdue leads over bounded ticks, each exactly once, answering other commands between slices', async () => {
    const { ctx, ids, firstOwner, api, advance } = backlog(1200);
    expect(api.call('app.info', {}).reassignBacklog).toBe(1200);

    // The first tick, with another command called whenever the tick lets the event loop run.
    const seen: number[] = [];
    let done = false;
    const first = runJobs(ctx, () => {}, { limits: LIMITS }).finally(() => (done = true));
    while (!done) {
      seen.push(api.call('app.info', {}).reassignBacklog);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const ticks: TickReport[] = [await first];
    // Answered mid-tick: the backlog stood between slices (1,100 ... 800), neither before nor after the tick.
    expect(seen.filter((n) => n < 1200 && n > 700).length).toBeGreaterThanOrEqual(3);
    while (ticks.at(-1)!.reassignBacklog > 0) {
      advance(MINUTE);
      ticks.push(await runJobs(ctx, () => {}, { limits: LIMITS }));
    }
    expect(ticks.map((t) => [t.expired, t.reassignBacklog])).toEqual([
      [500, 700],
      [500, 200],
      [200, 0],
    ]);
    advance(MINUTE);
    expect((await runJobs(ctx, () => {}, { limits: LIMITS })).expired).toBe(0);

    // Each lead: one expiry, one re-assignment (to another member, or to the head office where
    // nobody else covers it), one open dispatch.
    const perLead = (type: string) => ctx.db.prepare(`SELECT lead_id, count(*) FROM lead_events WHERE type = ? GROUP BY lead_id`).raw().all(type) as [number, number][];
    for (const type of ['expired', 'reassigned']) {
      expect(perLead(type).length).toBe(ids.length);
      expect(perLead(type).every(([, n]) => n === 1)).toBe(true);
    }
    expect(count(ctx, "SELECT count(*) FROM dispatches WHERE end_reason = 'expired'")).toBe(ids.length);
    expect(count(ctx, 'SELECT count(*) FROM dispatches WHERE ended_at IS NULL')).toBe(ids.length);
    expect(count(ctx, 'SELECT count(DISTINCT lead_id) FROM dispatches WHERE ended_at IS NULL')).toBe(ids.length);
    // In lead order: the first is among the oldest deadlines, re-routed by the first tick (PostgreSQL returns rows in no set order).
    const open = ctx.db.prepare("SELECT lead_id, member_id FROM dispatches WHERE ended_at IS NULL AND outcome = 'member' ORDER BY lead_id").raw().all() as [number, number][];
    expect(open.length).toBeGreaterThan(ids.length / 2);
    expect(open.filter(([lead, member]) => firstOwner.get(lead) === member)).toEqual([]);
    expect(count(ctx, "SELECT count(*) FROM leads WHERE status = 'dispatched'")).toBe(open.length);
    expect(ctx.db.prepare('SELECT min(reassignments), max(reassignments) FROM leads').raw().get()).toEqual([1, 1]);

    // Oldest deadline first, and re-routed from "now" with a note of how late the scan found them.
    const firstTick = ctx.db
      .prepare(`SELECT d.accept_due_at FROM lead_events e JOIN dispatches d ON d.id = ${jsonInteger(ctx.db.engine, 'e.data', 'dispatchId')} WHERE e.type = 'expired' AND e.at = ?`)
      .pluck()
      .all(REOPENED) as number[];
    expect(Math.max(...firstTick)).toBeLessThanOrEqual(
      Math.min(
        ...(ctx.db
          .prepare(`SELECT d.accept_due_at FROM lead_events e JOIN dispatches d ON d.id = ${jsonInteger(ctx.db.engine, 'e.data', 'dispatchId')} WHERE e.type = 'expired' AND e.at > ?`)
          .pluck()
          .all(REOPENED) as number[]),
      ),
    );
    const [id] = open[0]!;
    const lead = api.call('leads.get', { id });
    const expired = lead.events.find((e) => e.type === 'expired')!;
    const due = DUE + ids.indexOf(id) * 1000; // the fixture's deadlines, a second apart
    expect(expired.data).toEqual({ dispatchId: expect.any(Number), acceptDueAt: due, foundLateMs: REOPENED - due });
    expect(REOPENED - DUE).toBeGreaterThan(LATE_NOTE_MS);
    const reassigned = lead.events.find((e) => e.type === 'reassigned')!;
    const next = ctx.db.prepare('SELECT at, accept_due_at FROM dispatches WHERE id = ?').get(reassigned.data.dispatchId) as { at: number; accept_due_at: number };
    expect(next.at).toBe(REOPENED);
    expect(next.accept_due_at).toBeGreaterThan(REOPENED);
  }, 60_000);

  it('notes nothing on a lead the scan finds within the hour', async () => {
    const { ctx, api, advance } = backlog(3);
    advance(DUE + 10 * MINUTE - REOPENED);
    await runJobs(ctx, () => {});
    const expired = api.call('leads.get', { id: 1 }).events.find((e) => e.type === 'expired')!;
    expect(expired.data).toEqual({ dispatchId: expect.any(Number) });
  });
});

describe('a lead whose re-assignment fails', () => {
  it('fails alone: the rest of its slice and the backlog are re-routed, it is noted, logged without its data, and left until it changes', async () => {
    const { ctx, ids, api, advance, now } = backlog(300);
    // A damaged row in the middle of the first slice: reading the lead throws.
    const poison = ids[42]!;
    ctx.db.prepare("UPDATE leads SET extra = '{damaged', last_name = 'Poisonne' WHERE id = ?").run(poison);
    const logged: string[] = [];
    const log = (message: string, error?: unknown) => logged.push(`${message} ${String(error ?? '')}`);

    expect(await runJobs(ctx, log, { limits: LIMITS })).toMatchObject({ expired: 299, reassignFailed: 1, reassignBacklog: 0 });
    const reassigned = ctx.db.prepare("SELECT lead_id FROM lead_events WHERE type = 'reassigned' ORDER BY lead_id").pluck().all() as number[];
    expect(reassigned).toEqual(ids.filter((id) => id !== poison));
    // Left as it was, with its member; its timeline says the re-assignment failed, and why.
    expect(ctx.db.prepare('SELECT status, reassignments FROM leads WHERE id = ?').raw().get(poison)).toEqual(['dispatched', 0]);
    expect(count(ctx, 'SELECT count(*) FROM dispatches WHERE lead_id = ? AND ended_at IS NULL', poison)).toBe(1);
    const events = ctx.db.prepare('SELECT type, data FROM lead_events WHERE lead_id = ? AND at >= ? ORDER BY id').raw().all(poison, DISPATCHED) as [string, string][];
    expect(events.map(([type]) => type)).toEqual(['dispatched', 'reassign_failed']);
    expect((JSON.parse(events[1]![1]) as { error: string }).error).toMatch(/^SyntaxError: /);
    expect(logged.filter((l) => l.includes(`lead ${poison} `))).toHaveLength(1);
    expect(logged.join('\n')).not.toMatch(/Poisonne|damaged/);
    expect(api.call('app.info', {})).toMatchObject({ reassignBacklog: 0, reassignFailed: 1 });

    // Not retried at every tick while nothing about it changes.
    for (let i = 0; i < 3; i++) {
      advance(MINUTE);
      expect(await runJobs(ctx, log, { limits: LIMITS })).toMatchObject({ expired: 0, reassignFailed: 0, reassignBacklog: 0 });
    }
    expect(count(ctx, "SELECT count(*) FROM lead_events WHERE lead_id = ? AND type = 'reassign_failed'", poison)).toBe(1);

    // Once repaired (the lead changed), the next tick re-routes it.
    ctx.db.prepare("UPDATE leads SET extra = '[]', updated_at = ? WHERE id = ?").run(now(), poison);
    advance(MINUTE);
    expect(await runJobs(ctx, log, { limits: LIMITS })).toMatchObject({ expired: 1, reassignFailed: 0, reassignBacklog: 0 });
    expect(count(ctx, "SELECT count(*) FROM lead_events WHERE lead_id = ? AND type = 'reassigned'", poison)).toBe(1);
    expect(api.call('app.info', {})).toMatchObject({ reassignFailed: 0 });
  }, 60_000);
});

// Real SMTP exchanges with the local test server, a few thousand mails: seconds of legitimate work.
describe('outbox in batches', { timeout: 60_000 }, () => {
  let server: TestSmtpServer;
  beforeEach(async () => (server = await startTestSmtpServer()));
  afterEach(() => server.close());

  it('sends the mails of a re-assignment backlog batch after batch, up to its limit per tick, then the rest', async () => {
    const { ctx, api, advance } = backlog(130);
    api.call('settings.set', { key: 'mail.smtp', value: { enabled: true, host: '127.0.0.1', port: server.port, security: 'none', from: 'leads@reseau.example' } });
    ctx.db.prepare("UPDATE members SET email = 'pro' || id || '@reseau.example'").run();
    const limits = { ...LIMITS, mailPerTick: 70, mailBatch: 20 };
    const first = await runJobs(ctx, () => {}, { limits });
    const mails = count(ctx, 'SELECT count(*) FROM outbox');
    expect(mails).toBeGreaterThan(70);
    expect(first).toMatchObject({ expired: 130, sent: 70, failed: 0 });
    expect(count(ctx, "SELECT count(*) FROM outbox WHERE status = 'pending'")).toBe(mails - 70);
    advance(MINUTE);
    expect(await runJobs(ctx, () => {}, { limits })).toMatchObject({ expired: 0, sent: mails - 70 });
    expect(server.received.length).toBe(mails);
    expect(count(ctx, "SELECT count(*) FROM outbox WHERE status = 'sent'")).toBe(mails);
  });
});

// Anonymises thousands of leads and rebuilds the full-text index each batch.
describe('retention in batches', { timeout: 60_000 }, () => {
  it('anonymises closed leads past the period batch after batch, up to its limit per tick', async () => {
    const { ctx, api, advance } = backlog(0);
    const old = REOPENED - 4 * 365 * 86_400_000;
    const insert = ctx.db.prepare("INSERT INTO leads (last_name, email, status, received_at, created_at, updated_at) VALUES ('Ancien', 'a@example.org', 'lost', ?, ?, ?)");
    for (let i = 0; i < 25; i++) insert.run(old, old, old);
    const limits = { ...LIMITS, retentionPerTick: 20, retentionBatch: 8 };
    expect((await runJobs(ctx, () => {}, { limits })).anonymised).toBe(20);
    advance(MINUTE);
    expect((await runJobs(ctx, () => {}, { limits })).anonymised).toBe(5);
    expect(count(ctx, "SELECT count(*) FROM leads WHERE last_name = 'Ancien'")).toBe(0);
    // One transaction (and one audit entry) per batch, at most 8 leads each.
    const batches = api.call('privacy.audit', { action: 'retention.anonymise' }).items.map((e) => (e.details as { count: number }).count);
    expect(batches.reverse()).toEqual([8, 8, 4, 5]);
  });
});
