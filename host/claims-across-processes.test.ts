/**
 * Pull mode's race across server processes (issue 18): 20 members' salespeople, signed in on two
 * `aiguillage serve` processes sharing one PostgreSQL database, claim one pooled lead at once;
 * exactly one wins and the 19 others hear it is gone. Within one process the requests are served
 * one after the other (host/extranet.test.ts); here two connections race, and the database
 * decides: the winner's row lock, the conditional UPDATE that ends the pool's dispatch once, and
 * each member's row-level security scope.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/connection';
import { setup } from '../core/test-network';
import { hashPassword } from '../core/users/passwords';
import { insertUser } from '../core/users/store';
import { scratchServers } from './scratch-servers';
import { signIn, tryCall } from './test-processes';

const URL = process.env.AIGUILLAGE_TEST_PG_URL;
const PROCESSES = 2;
const MEMBERS = 20;
const PASSWORD = 'a long password';

describe.skipIf(!URL)('pull mode across server processes on PostgreSQL', { timeout: 180_000 }, () => {
  const scratch = scratchServers(URL!, 'claims');

  it('gives a pooled lead to exactly one of 20 members claiming it at once through two processes', async () => {
    // The head office's side, as the tables' owner, on the servers' clock.
    const { url } = scratch;
    const db = openDatabase(url);
    const n = setup(Date.now(), { db, dbPath: url, actor: 'test', now: () => Date.now() });
    n.call('routing.settings.save', { settings: { mode: 'pull' } });
    const members = Array.from({ length: MEMBERS }, (_, i) => n.member(`Membre${String.fromCharCode(65 + i)}`));
    for (const m of members) n.territory(m.id);
    const lead = n.lead();
    expect(n.call('routing.dispatch', { leadId: lead.id }).outcome).toMatchObject({ kind: 'pool', memberIds: expect.arrayContaining(members.map((m) => m.id)) });
    const passwordHash = hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 });
    const people = members.map((m, i) => insertUser(db, { email: `sales${i}@example.fr`, displayName: `Sales ${i}`, role: 'salesperson', memberId: m.id, passwordHash }, Date.now()));

    const servers = await scratch.start(PROCESSES);
    const signed = await Promise.all(people.map((p, i) => signIn(servers[i % PROCESSES]!.base, { email: p.email, password: PASSWORD })));
    const answers = await Promise.all(signed.map((s) => tryCall(s, 'extranet.claim', { id: lead.id })));
    signed.forEach((s) => s.agent.destroy());

    expect(answers.filter((a) => a.body.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.body.ok).map((a) => a.body.error!.message)).toEqual(Array(MEMBERS - 1).fill('Another member took this lead first.'));
    const winner = members[answers.findIndex((a) => a.body.ok)]!;
    expect(n.call('leads.get', { id: lead.id }).lead).toMatchObject({ status: 'accepted', ownerMemberId: winner.id });
    expect(Number(db.prepare("SELECT count(*) FROM lead_events WHERE lead_id = ? AND type = 'claimed'").pluck().get(lead.id))).toBe(1);
    expect(db.prepare('SELECT member_id, user_id FROM lead_assignees WHERE lead_id = ?').all(lead.id)).toEqual([{ member_id: winner.id, user_id: people[members.indexOf(winner)]!.id }]);
    db.close();
  });
});
