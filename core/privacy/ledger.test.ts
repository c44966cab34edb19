import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../app/session';
import { caller, testContext } from '../test-support';
import { COMMENT_DAYS, expireErasureComments } from './audit';
import { ledgerPath } from './ledger';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 9, 0);

async function session() {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-ledger-')), 'aiguillage.sqlite');
  let clock = NOW;
  const s = await Session.open({ dbPath, demo: false, now: () => clock });
  const call = async (method: string, input: unknown) => {
    const result = await s.call(method, input, { log: () => {} });
    if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
    return result.value as never;
  };
  return { s, dbPath, call, advance: (ms: number) => (clock += ms) };
}

const zorglub = { firstName: 'Zacharie', lastName: 'Zorglub', phone: '06 98 76 54 32', email: 'zach.zorglub@example.org', postalCode: '37000', city: 'Tours' };

describe('erasure ledger', () => {
  it('keeps a person erased, with the audit entry, after restoring a backup taken before the erasure', async () => {
    const { s, dbPath, call, advance } = await session();
    const { lead } = (await call('leads.create', zorglub)) as { lead: { id: number } };
    const before = (await call('database.backup', {})) as { name: string };
    advance(60_000);
    await call('privacy.erase', { person: { leadId: lead.id }, reason: 'request', comment: 'Courrier de M. Zorglub' });
    expect(await call('privacy.find', { email: 'zach.zorglub@example.org' })).toEqual([]);

    advance(60_000);
    await call('database.restore', { name: before.name });
    expect(await call('privacy.find', { email: 'zach.zorglub@example.org' })).toEqual([]);
    expect(await call('privacy.find', { phone: '0698765432' })).toEqual([]);
    expect(await call('leads.list', { search: 'zorglub' })).toMatchObject({ total: 0 });
    const { items } = (await call('privacy.audit', { action: 'person.erase' })) as { items: { subject: string; at: number; details: object }[] };
    // The entry comes back from the ledger, without the comment (which may name the person).
    expect(items).toEqual([expect.objectContaining({ subject: `lead:${lead.id}`, at: NOW + 60_000, details: { reason: 'request', leadIds: [lead.id], erased: 1 } })]);

    // Opening again changes nothing more: the entry is not duplicated.
    s.close();
    const again = await Session.open({ dbPath, demo: false });
    expect(((await again.call('privacy.audit', { action: 'person.erase' }, {})) as { value: { total: number } }).value.total).toBe(1);
    again.close();

    const ledger = readFileSync(ledgerPath(dbPath)!);
    expect(statSync(ledgerPath(dbPath)!).mode & 0o777).toBe(0o600);
    for (const personal of ['Zorglub', 'zorglub', 'Zacharie', '98765432', 'Courrier']) expect(ledger.includes(personal), personal).toBe(false);
  });

  it('leaves alone a different lead that got an erased lead’s id after restoring a backup older than both', async () => {
    const { s, call, advance } = await session();
    const empty = (await call('database.backup', {})) as { name: string };
    advance(60_000);
    const { lead } = (await call('leads.create', zorglub)) as { lead: { id: number } };
    await call('privacy.erase', { person: { leadId: lead.id }, reason: 'objection' });
    await call('database.restore', { name: empty.name });
    advance(60_000);
    const { lead: other } = (await call('leads.create', { ...zorglub, lastName: 'Martin', email: 'martin@example.org', phone: '0611111111' })) as { lead: { id: number } };
    expect(other.id).toBe(lead.id);
    await call('database.restore', { name: ((await call('database.backup', {})) as { name: string }).name });
    expect(await call('privacy.find', { email: 'martin@example.org' })).toMatchObject([{ id: other.id, name: 'Zacharie Martin' }]);
    s.close();
  });

  it('stops the open with a clear message when damaged, rather than letting erased people come back unnoticed', async () => {
    const { s, dbPath, call } = await session();
    const { lead } = (await call('leads.create', zorglub)) as { lead: { id: number } };
    await call('privacy.erase', { person: { leadId: lead.id }, reason: 'request' });
    s.close();
    writeFileSync(ledgerPath(dbPath)!, '{"version":1,"key":');
    await expect(Session.open({ dbPath, demo: false })).rejects.toThrow(/The erasure ledger .*aiguillage\.sqlite\.erasures\.json is damaged: put back a copy of it/);
  });
});

describe('erasure comments', () => {
  it(`are deleted from the audit log ${COMMENT_DAYS} days after the erasure; the reason code stays`, () => {
    let now = NOW;
    const ctx = { ...testContext(), now: () => now };
    const { call } = caller(ctx);
    const { lead } = call('leads.create', zorglub);
    call('privacy.erase', { person: { leadId: lead.id }, reason: 'consent-withdrawn', comment: 'Appel de Zacharie Zorglub' });
    // An entry written as free text by an older version.
    ctx.db.prepare(`INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, 'x', 'person.erase', 'lead:99', '{"reason":"Demande de Mme Dupont"}')`).run(NOW);
    now = NOW + (COMMENT_DAYS - 1) * DAY;
    expect(expireErasureComments(ctx)).toBe(0);
    now = NOW + (COMMENT_DAYS + 1) * DAY;
    expect(expireErasureComments(ctx)).toBe(2);
    const details = call('privacy.audit', { action: 'person.erase' }).items.map((e) => e.details);
    expect(details).toEqual(expect.arrayContaining([{ reason: 'consent-withdrawn', leadIds: [lead.id], erased: 1 }, { reason: 'other' }]));
    expect(JSON.stringify(details)).not.toMatch(/Zorglub|Dupont/);
  });
});
