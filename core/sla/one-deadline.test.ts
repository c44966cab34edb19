/**
 * Issue 16's promise, through the real commands: one dispatch has one acceptance deadline and
 * one at-risk instant, whoever asks — the stored dispatch, the status line, the re-assignment
 * job, the dashboard, the monthly report and the lead page — and the queue's clock, started at the same
 * instant with the same number of hours, runs out at the same instant too. Changed targets
 * move the stored deadlines of the open dispatches with them.
 */
import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { acceptanceClock } from '../../common/sla';
import type { Context } from '../commands/define';
import { readSettings, slaSettings } from '../settings/read';
import { caller, testContext, validMember } from '../test-support';

const paris = (y: number, mo: number, d: number, h = 0, mi = 0) => new TZDate(y, mo - 1, d, h, mi, 'Europe/Paris').getTime();
const TOURS = { lat: 47.3941, lon: 0.6848 };
// Friday 27 November 2026, 16:30 in Paris: a hot lead has 4 business hours, 1.5 of them on Friday.
const DISPATCHED_AT = paris(2026, 11, 27, 16, 30);
const DUE_AT = paris(2026, 11, 30, 11, 30);
const RISK_AT = paris(2026, 11, 30, 10, 30);

function setup() {
  let now = DISPATCHED_AT;
  const ctx: Context = { ...testContext(), now: () => now };
  const { call } = caller(ctx);
  for (const [name, priorityCoefficient] of [
    ['Alpha', 2],
    ['Bravo', 1],
  ] as const) {
    call('members.create', { ...validMember, name, priorityCoefficient, ...TOURS, radiusKm: 30, productLines: ['Pompe à chaleur'], email: `${name.toLowerCase()}@example.fr` });
  }
  const hotLead = (lastName: string) => {
    const { lead } = call('leads.create', { firstName: 'Marie', lastName, phone: '', email: `${lastName.toLowerCase()}@example.fr`, postalCode: '37000', city: 'Tours', product: 'Pompe à chaleur' });
    ctx.db.prepare('UPDATE leads SET lat = ?, lon = ? WHERE id = ?').run(TOURS.lat, TOURS.lon, lead.id);
    call('leads.qualify', { id: lead.id, temperature: 'hot' });
    return lead.id;
  };
  return { call, ctx, hotLead, at: (t: number) => (now = t) };
}

describe('one SLA deadline', () => {
  it('gives the same acceptance deadline to dispatch, status line, re-assignment job, dashboard, report and queue', () => {
    const { call, ctx, hotLead, at } = setup();
    const [inTime, late, expired] = [hotLead('Durand'), hotLead('Martin'), hotLead('Petit')];
    // A lead received at the dispatch instant waits for qualification with 4 business hours too.
    call('leads.create', { firstName: 'Jean', lastName: 'Roux', phone: '', email: 'roux@example.fr', postalCode: '37000', city: 'Tours', receivedAt: DISPATCHED_AT });
    for (const leadId of [inTime, late, expired]) call('routing.dispatch', { leadId });

    // The model, the stored dispatch and the lead's timeline agree on the instants.
    expect(acceptanceClock({ temperature: 'hot', dispatchedAt: DISPATCHED_AT }, slaSettings(readSettings(ctx)))).toMatchObject({ riskAt: RISK_AT, dueAt: DUE_AT });
    // The lead page's dispatch carries the same clock (the extranet will show it to the member).
    for (const leadId of [inTime, late, expired]) {
      expect(call('routing.history', { leadId })[0]).toMatchObject({ outcome: 'member', at: DISPATCHED_AT, acceptDueAt: DUE_AT, acceptance: { riskAt: RISK_AT, dueAt: DUE_AT } });
    }

    // Status line: amber from the risk instant, overdue for the job only after the deadline.
    const status = (t: number) => (at(t), call('app.info', {}));
    expect(status(RISK_AT - 1)).toMatchObject({ leadsAtRisk: 0, reassignBacklog: 0 });
    expect(status(RISK_AT)).toMatchObject({ leadsAtRisk: 3, reassignBacklog: 0 });
    expect(status(DUE_AT)).toMatchObject({ leadsAtRisk: 3, reassignBacklog: 0 });
    expect(status(DUE_AT + 1)).toMatchObject({ leadsAtRisk: 3, reassignBacklog: 3 });

    // Queue: the waiting lead's clock turns amber and runs out at the same instants.
    const queue = (t: number) => (at(t), call('queue.list', {}));
    expect(queue(DUE_AT).items[0]!.clock).toMatchObject({ riskAt: RISK_AT, dueAt: DUE_AT });
    expect([queue(RISK_AT - 1), queue(RISK_AT), queue(DUE_AT), queue(DUE_AT + 1)].map((q) => [q.atRisk, q.late])).toEqual([
      [0, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);

    // Dashboard: nothing missed at the deadline, every unaccepted lead missed just after it.
    const november = { from: '2026-11-01', to: '2026-11-30' };
    const accept = (t: number) => (at(t), call('kpi.dashboard', november).response.sla.accept);
    expect(accept(DUE_AT)).toMatchObject({ met: 0, missed: 0 });
    expect(accept(DUE_AT + 1)).toMatchObject({ met: 0, missed: 3 });

    // One member answers at the deadline itself, another one millisecond after it.
    at(DUE_AT);
    call('workflow.record', { leadId: inTime, step: 'accepted' });
    expect(call('sla.scan', {})).toMatchObject({ expired: 0 });
    at(DUE_AT + 1);
    call('workflow.record', { leadId: late, step: 'accepted' });
    // The job takes the third lead away just after its deadline, to the other member.
    expect(call('sla.scan', {})).toMatchObject({ expired: 1, leadIds: [expired] });
    const [first, next] = call('routing.history', { leadId: expired }).sort((a, b) => a.id - b.id);
    expect([first!.endReason, first!.acceptance, next!.at, next!.memberId === first!.memberId]).toEqual(['expired', null, DUE_AT + 1, false]);

    // The dashboard judges leads: the re-assigned one missed its first deadline, like the late one.
    expect(call('kpi.dashboard', november).response.sla.accept).toMatchObject({ met: 1, missed: 2 });
    // The report judges dispatches: the three at 16:30 and the re-assigned one, still running.
    expect(call('reports.monthly', { month: '2026-11' }).overall).toMatchObject({ received: 4, accepted: 2, acceptedInTime: 1, reassignments: 1 });
  });

  it('moves the open dispatches to new targets, so the job and the status line still agree', () => {
    const { call, hotLead, at } = setup();
    const [open, accepted] = [hotLead('Durand'), hotLead('Martin')];
    for (const leadId of [open, accepted]) call('routing.dispatch', { leadId });
    call('workflow.record', { leadId: accepted, step: 'accepted' });
    const targets = call('settings.get', {})['sla.targets'];
    call('settings.set', { key: 'sla.targets', value: { ...targets, hot: { ...targets.hot, accept: 2 } } });
    // Friday 16:30 + 2 business hours: 1.5 h on Friday, half an hour on Monday.
    const twoHours = paris(2026, 11, 30, 9, 30);
    expect(call('routing.history', { leadId: open })[0]).toMatchObject({ acceptDueAt: twoHours, acceptance: { dueAt: twoHours } });
    expect(call('routing.history', { leadId: accepted })[0]).toMatchObject({ acceptDueAt: DUE_AT });
    at(twoHours + 1);
    expect(call('app.info', {})).toMatchObject({ leadsAtRisk: 1, reassignBacklog: 1 });
    expect(call('sla.scan', {})).toMatchObject({ expired: 1, leadIds: [open] });
  });
});
