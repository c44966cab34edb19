import { describe, expect, it } from 'vitest';
import { failWrites } from '../test-support';
import { setup as toursNetwork } from '../test-network';

/** The Tours network (test-network.ts); a lead is known by its id here. */
function setup() {
  const network = toursNetwork();
  const { ctx } = network;
  const lead = (over: object = {}) => network.lead(over).id;
  const status = (id: number) => ctx.db.prepare('SELECT status, owner_member_id AS owner FROM leads WHERE id = ?').get(id) as { status: string; owner: number | null };
  const events = (id: number) => ctx.db.prepare('SELECT type FROM lead_events WHERE lead_id = ? ORDER BY id').pluck().all(id) as string[];
  return { ...network, lead, status, events };
}

describe('dispatch', () => {
  it('suggests the best member with the reasons, then dispatches on acceptance of the suggestion', () => {
    const { api, member, lead, territory, status, events, ctx } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id, 1);
    territory(b.id, 2);
    const id = lead();
    const suggestion = api.call('routing.suggest', { leadId: id });
    expect(suggestion.decision.outcome).toEqual({ kind: 'member', memberId: b.id });
    expect(suggestion.decision.candidates.map((c) => [c.memberName, c.via, c.territoryName, c.coefficient])).toEqual([
      ['Bravo', 'territory', `Zone ${b.id}`, 2],
      ['Alpha', 'territory', `Zone ${a.id}`, 1],
    ]);
    const result = api.call('routing.dispatch', { leadId: id });
    expect(result).toMatchObject({ memberId: b.id, manual: false });
    expect(status(id)).toEqual({ status: 'dispatched', owner: b.id });
    expect(events(id)).toContain('dispatched');
    const history = api.call('routing.history', { leadId: id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ memberName: 'Bravo', outcome: 'member', acceptDueAt: Date.UTC(2026, 10, 23, 13, 0) });
    // No SMTP configured: the mail is kept, marked skipped, never sent.
    expect(ctx.db.prepare('SELECT status, recipient FROM outbox').all()).toEqual([{ status: 'skipped', recipient: 'bravo@example.fr' }]);
  });

  it('requires a reason to choose another member than the suggestion', () => {
    const { api, member, lead, territory, status } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id);
    const id = lead();
    expect(api.tryCall('routing.dispatch', { leadId: id, memberId: b.id })).toMatchObject({ ok: false, error: { issues: [{ path: ['reason'] }] } });
    expect(status(id).status).toBe('qualified');
    api.call('routing.dispatch', { leadId: id, memberId: b.id, reason: 'Client de longue date de Bravo' });
    expect(status(id)).toEqual({ status: 'dispatched', owner: b.id });
    expect(api.call('routing.history', { leadId: id })[0]).toMatchObject({ manualReason: 'Client de longue date de Bravo' });
  });

  it('refuses to dispatch a lead that is not qualified', () => {
    const { api, member, lead, territory } = setup();
    territory(member('Alpha').id);
    const id = lead();
    api.call('routing.dispatch', { leadId: id });
    expect(api.tryCall('routing.dispatch', { leadId: id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('sends a declined lead to the next member, and never back to the one who declined', () => {
    const { api, member, lead, territory, status, events } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id, 1);
    territory(b.id, 2);
    const id = lead();
    api.call('routing.dispatch', { leadId: id });
    expect(api.tryCall('workflow.record', { leadId: id, step: 'declined' })).toMatchObject({ ok: false, error: { issues: [{ path: ['reason'] }] } });
    api.call('workflow.record', { leadId: id, step: 'declined', reason: 'Plus de disponibilité' });
    expect(status(id)).toEqual({ status: 'dispatched', owner: a.id });
    expect(events(id)).toEqual(['created', 'qualified', 'dispatched', 'declined', 'dispatched', 'reassigned']);
  });

  it('ends a chain of re-assignments at the head office after the maximum', () => {
    const { api, member, lead, territory, status, ctx } = setup();
    const ids = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((n) => member(n).id);
    ids.forEach((m) => territory(m));
    api.call('routing.settings.save', { settings: { maxReassignments: 2 } });
    const id = lead();
    api.call('routing.dispatch', { leadId: id });
    for (let i = 0; i < 3; i++) api.call('workflow.record', { leadId: id, step: 'declined', reason: `non ${i}` });
    expect(status(id)).toEqual({ status: 'qualified', owner: null });
    const owners = ctx.db.prepare("SELECT member_id FROM dispatches WHERE lead_id = ? AND outcome = 'member' ORDER BY id").pluck().all(id);
    expect(new Set(owners).size).toBe(3);
    const last = ctx.db.prepare('SELECT type, data FROM lead_events WHERE lead_id = ? ORDER BY id DESC LIMIT 1').get(id) as { type: string; data: string };
    expect(last.type).toBe('routed_to_head_office');
    expect(JSON.parse(last.data)).toMatchObject({ reason: 'reassignment_limit' });
  });

  it('re-routes a lead not accepted within its business hours when the SLA scan runs', () => {
    const { api, member, lead, territory, status, advance } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id, 2);
    territory(b.id, 1);
    const id = lead();
    api.call('routing.dispatch', { leadId: id });
    advance(3 * 3_600_000); // 13:00 Paris, deadline 14:00
    expect(api.call('sla.scan', {})).toEqual({ expired: 0, leadIds: [], failed: [] });
    advance(2 * 3_600_000);
    expect(api.call('sla.scan', {})).toEqual({ expired: 1, leadIds: [id], failed: [] });
    expect(status(id)).toEqual({ status: 'dispatched', owner: b.id });
    expect(api.call('routing.history', { leadId: id }).map((d) => d.endReason)).toEqual(['expired', null]);
  });

  it('follows the member through contact, quotes and the sale', () => {
    const { api, member, lead, territory, status, events } = setup();
    territory(member('Alpha').id);
    const id = lead();
    api.call('routing.dispatch', { leadId: id });
    api.call('workflow.record', { leadId: id, step: 'accepted' });
    api.call('workflow.record', { leadId: id, step: 'contacted' });
    api.call('workflow.record', { leadId: id, step: 'quote_1', amountCents: 1_250_000 });
    expect(api.tryCall('workflow.record', { leadId: id, step: 'won' })).toMatchObject({ ok: false, error: { issues: [{ path: ['amountCents'] }] } });
    api.call('workflow.record', { leadId: id, step: 'won', amountCents: 1_190_000 });
    expect(status(id).status).toBe('won');
    expect(events(id).slice(-4)).toEqual(['accepted', 'contacted', 'quote_1', 'won']);
    expect(api.tryCall('workflow.record', { leadId: id, step: 'contacted' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('publishes to the pool in pull mode and records who claims it', () => {
    const { api, member, lead, territory, status } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    const c = member('Charlie');
    territory(a.id);
    territory(b.id);
    api.call('routing.settings.save', { settings: { mode: 'pull' } });
    const id = lead();
    const r = api.call('routing.dispatch', { leadId: id });
    expect(r.outcome).toMatchObject({ kind: 'pool' });
    expect(api.tryCall('workflow.record', { leadId: id, step: 'claimed', memberId: c.id })).toMatchObject({ ok: false, error: { issues: [{ path: ['memberId'] }] } });
    api.call('workflow.record', { leadId: id, step: 'claimed', memberId: b.id });
    expect(status(id)).toEqual({ status: 'accepted', owner: b.id });
  });

  it('dispatches many leads at once, spreading them by load, and sums up', () => {
    const { api, member, lead, territory } = setup();
    const a = member('Alpha', { capacityPerWeek: 2 });
    const b = member('Bravo', { capacityPerWeek: 2 });
    territory(a.id);
    territory(b.id);
    const ids = [
      lead(),
      lead({ lastName: 'Martin', phone: '06 22 33 44 55' }),
      lead({ lastName: 'Petit', phone: '06 33 44 55 66' }),
      lead({ lastName: 'Roux', phone: '06 44 55 66 77' }),
      lead({ lastName: 'Blanc', phone: '06 55 66 77 88' }),
    ];
    const summary = api.call('routing.dispatchMany', { leadIds: [...ids, 999] });
    expect(summary).toMatchObject({ dispatched: 4, headOffice: 1, pooled: 0 });
    expect(summary.byMember).toEqual([
      { memberId: a.id, count: 2 },
      { memberId: b.id, count: 2 },
    ]);
    expect(summary.failed).toEqual([{ leadId: 999, message: expect.stringContaining('999') }]);
  });

  it('does not count in the bulk snapshot a dispatch rolled back because its mail could not be written', () => {
    const { api, member, lead, territory, status, ctx } = setup();
    const a = member('Alpha', { capacityPerWeek: 1 });
    territory(a.id);
    const [first, second] = [lead(), lead({ lastName: 'Martin', phone: '06 22 33 44 55' })];
    failWrites(ctx.db, 'mail_fails', 'BEFORE INSERT', 'outbox', 'disk full', `NEW.lead_id = ${first}`);
    const summary = api.call('routing.dispatchMany', { leadIds: [first, second] });
    // Alpha's one place this week is still free after the first lead was rolled back: the second takes it.
    expect(summary).toMatchObject({ dispatched: 1, headOffice: 0, failed: [{ leadId: first, message: expect.stringContaining('disk full') }] });
    expect(status(first)).toEqual({ status: 'qualified', owner: null });
    expect(status(second)).toEqual({ status: 'dispatched', owner: a.id });
  });

  it('keeps routing settings as versions and records the version on each dispatch', () => {
    const { api, member, lead, territory } = setup();
    territory(member('Alpha').id);
    expect(api.call('routing.settings.get', {}).version).toBeNull();
    const v = api.call('routing.settings.save', { settings: { weights: { priority: 2, distance: 1, load: 1, conversion: 0 } } });
    expect(v.version).toBe(1);
    const id = lead();
    api.call('routing.dispatch', { leadId: id });
    expect(api.call('routing.history', { leadId: id })[0]!.settingsVersion).toBe(1);
    expect(api.tryCall('routing.settings.save', { settings: { weights: { priority: -1, distance: 1, load: 1, conversion: 0 } } })).toMatchObject({ ok: false });
    expect(api.call('routing.settings.versions', {})).toHaveLength(1);
  });
});

describe('simulation', () => {
  it('replays past leads with proposed coefficients and compares with what happened, without writing', () => {
    const { api, member, lead, territory, ctx } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id);
    territory(b.id);
    api.call('routing.settings.save', { settings: { weights: { priority: 1, distance: 0, load: 0, conversion: 0 } } });
    const ids = [lead(), lead({ lastName: 'Martin', phone: '06 22 33 44 55' }), lead({ lastName: 'Petit', phone: '06 33 44 55 66' })];
    // Alpha and Bravo tie; Alpha (never served, lower id) gets the first, then they alternate.
    for (const id of ids) api.call('routing.dispatch', { leadId: id });
    const actual = ctx.db.prepare("SELECT member_id FROM dispatches WHERE outcome = 'member' ORDER BY id").pluck().all();
    expect(actual).toEqual([a.id, b.id, a.id]);
    const rows = ctx.db.prepare('SELECT count(*) FROM dispatches').pluck().get();
    const result = api.call('routing.simulate', {
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2027, 0, 1),
      settings: { weights: { priority: 1, distance: 0, load: 0, conversion: 0 } },
      coefficients: { [String(b.id)]: 3 },
    });
    expect(result.leads).toBe(3);
    expect(result.simulated.assigned).toBe(3);
    expect(result.changed).toBe(2);
    expect(result.members.find((m) => m.memberId === b.id)).toMatchObject({ actual: 1, simulated: 3 });
    expect(result.members.find((m) => m.memberId === a.id)).toMatchObject({ actual: 2, simulated: 0 });
    expect(result.actual.meanDistanceKm).toBe(0);
    expect(ctx.db.prepare('SELECT count(*) FROM dispatches').pluck().get()).toBe(rows);
  });
});
