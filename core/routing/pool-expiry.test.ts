/**
 * Pull mode's deadline (issue 18): a pooled lead nobody claims by its deadline goes back to the
 * head office once, through the background jobs; a claim in time keeps it; a claim after the
 * deadline is refused even before the job runs. On PostgreSQL, ticks of two server processes at
 * once send each lead back once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptanceDeadline } from '../../common/sla';
import type { Context } from '../commands/define';
import { openDatabase } from '../db/connection';
import { PostgresDb } from '../db/postgres';
import { createDatabase, dropDatabase, scratchName } from '../db/scratch';
import { runJobs } from '../jobs/scheduler';
import { readSettings, slaSettings } from '../settings/read';
import { setup } from '../test-network';
import { caller, validMember } from '../test-support';
import { square, TOURS } from '../territories/test-fixtures';
import { hashPassword } from '../users/passwords';
import { insertUser } from '../users/store';
import { POOL_EXPIRED, returnUnclaimed } from './pool-expiry';

const FAST = { logN: 10, r: 8, p: 1 };
const quiet = () => {};

function pulled() {
  const n = setup();
  const a = n.member('Alpha');
  const b = n.member('Bravo');
  n.territory(a.id);
  n.territory(b.id);
  n.call('routing.settings.save', { settings: { mode: 'pull' } });
  const salesperson = (memberId: number, name: string) => {
    const user = insertUser(n.ctx.db, { email: `${name}@example.fr`, displayName: name, role: 'salesperson', memberId, passwordHash: hashPassword('a long password', FAST) }, n.ctx.now());
    return caller({ ...n.ctx, actor: user.email, member: { userId: user.id, memberId, role: 'salesperson' } });
  };
  const people = ['Durand', 'Martin', 'Bernard'];
  const publish = () => {
    const lead = n.lead({ lastName: people.shift(), phone: `06 12 34 56 7${people.length}` });
    expect(n.call('routing.dispatch', { leadId: lead.id }).outcome).toMatchObject({ kind: 'pool' });
    return lead.id;
  };
  const dueOf = (leadId: number) => Number(n.ctx.db.prepare("SELECT accept_due_at FROM dispatches WHERE lead_id = ? AND outcome = 'pool'").pluck().get(leadId));
  return { ...n, a, b, salesperson, publish, dueOf };
}

describe('pooled leads nobody claims', () => {
  it('go back to the head office at their deadline, once, with a timeline event, and can then be dispatched by hand', async () => {
    const n = pulled();
    const ann = n.salesperson(n.a.id, 'ann');
    const id = n.publish();
    const kept = n.publish();
    // The claim deadline is the SLA model's acceptance clock from the publication, stored with the dispatch.
    const due = n.dueOf(id);
    expect(due).toBe(acceptanceDeadline({ temperature: 'hot', dispatchedAt: n.ctx.now() }, slaSettings(readSettings(n.ctx))));
    ann.call('extranet.claim', { id: kept });

    n.advance(due - n.ctx.now() - 1);
    expect((await runJobs(n.ctx, quiet)).poolReturned).toBe(0);
    expect(ann.call('extranet.pool', {}).leads.map((l) => l.id)).toEqual([id]);

    n.advance(2);
    // Past the deadline, before the job: no longer listed, and a claim is refused.
    expect(ann.call('extranet.pool', {}).leads).toEqual([]);
    expect(ann.tryCall('extranet.claim', { id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('time to take this lead is over') } });
    expect((await runJobs(n.ctx, quiet)).poolReturned).toBe(1);
    expect((await runJobs(n.ctx, quiet)).poolReturned).toBe(0);

    const { lead, events } = n.call('leads.get', { id });
    expect(lead).toMatchObject({ status: 'qualified', ownerMemberId: null });
    const back = events.filter((e) => e.type === POOL_EXPIRED);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ actor: 'scheduler', data: { claimDueAt: due } });
    expect(n.ctx.db.prepare("SELECT end_reason FROM dispatches WHERE lead_id = ? AND outcome = 'pool'").pluck().get(id)).toBe('expired');
    // The claimed lead stays with its member.
    expect(n.call('leads.get', { id: kept }).lead).toMatchObject({ status: 'accepted', ownerMemberId: n.a.id });
    // The head office dispatches it by hand.
    n.call('routing.dispatch', { leadId: id, memberId: n.b.id, reason: 'nobody took it' });
    expect(n.call('leads.get', { id }).lead).toMatchObject({ status: 'dispatched', ownerMemberId: n.b.id });
  }, 60_000);

  it('keep a claim deadline that moves with the SLA targets', () => {
    const n = pulled();
    const id = n.publish();
    const before = n.dueOf(id);
    const settings = readSettings(n.ctx);
    const targets = settings['sla.targets'];
    n.call('settings.set', { key: 'sla.targets', value: { ...targets, hot: { ...targets.hot, accept: targets.hot.accept * 2 } } });
    expect(n.dueOf(id)).toBeGreaterThan(before);
    expect(n.dueOf(id)).toBe(acceptanceDeadline({ temperature: 'hot', dispatchedAt: n.ctx.now() }, slaSettings(readSettings(n.ctx))));
  }, 60_000);
});

/** Two server processes are two connections to one database. */
const URL = process.env.AIGUILLAGE_TEST_PG_URL;
describe.skipIf(!URL)('pooled leads across server processes on PostgreSQL', { timeout: 60_000 }, () => {
  const name = scratchName('pool_expiry');
  let url: string;
  beforeAll(() => {
    url = createDatabase(URL!, name);
    openDatabase(url).close();
  });
  afterAll(() => dropDatabase(URL!, name));

  it('ticks and slices running at once in two processes send each unclaimed lead back once', async () => {
    const [a, b] = [new PostgresDb(url), new PostgresDb(url)];
    try {
      const at = Date.UTC(2026, 10, 23, 9);
      const office = caller({ db: a, dbPath: ':memory:', actor: 'test', now: () => at });
      const member = office.call('members.create', { ...validMember, name: 'Alpha', lat: TOURS.lat, lon: TOURS.lon, radiusKm: 0, productLines: ['Pompe à chaleur'] });
      office.call('territories.create', { memberId: member.id, name: 'Zone', geometry: square(0.4, 47.2, 0.6), priorityOverride: null });
      office.call('routing.settings.save', { settings: { mode: 'pull' } });
      const leads = 24;
      for (let i = 0; i < leads; i++) {
        const id = office.call('leads.create', { firstName: 'Marie', lastName: `Durand${i}`, phone: `06 12 34 56 ${String(10 + i)}`, postalCode: '37000', city: 'Tours', product: 'Pompe à chaleur' })
          .lead.id;
        a.prepare('UPDATE leads SET lat = ?, lon = ? WHERE id = ?').run(TOURS.lat, TOURS.lon, id);
        office.call('leads.qualify', { id, temperature: 'hot' });
        expect(office.call('routing.dispatch', { leadId: id }).outcome).toMatchObject({ kind: 'pool' });
      }
      // A month later, both processes tick, and each runs a slice of its own meanwhile.
      const later = (db: PostgresDb): Context => ({ db, dbPath: ':memory:', actor: 'scheduler', now: () => at + 30 * 86_400_000 });
      const [pa, pb] = [later(a), later(b)];
      const ticks = await Promise.all([runJobs(pa, quiet), runJobs(pb, quiet)]);
      const slices = [returnUnclaimed(pa, 7).length, returnUnclaimed(pb, 7).length];
      expect(ticks.reduce((sum, t) => sum + t.poolReturned, 0) + slices[0]! + slices[1]!).toBe(leads);
      const events = a.prepare(`SELECT lead_id, count(*) FROM lead_events WHERE type = '${POOL_EXPIRED}' GROUP BY lead_id`).raw().all() as [number, number][];
      expect(events.length).toBe(leads);
      expect(events.every(([, count]) => Number(count) === 1)).toBe(true);
      expect(Number(a.prepare("SELECT count(*) FROM leads WHERE status = 'qualified' AND owner_member_id IS NULL").pluck().get())).toBe(leads);
    } finally {
      a.close();
      b.close();
    }
  });
});
