import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const jean = { firstName: 'jean-pierre', lastName: 'DUPONT', phone: '06 12 34 56 78', email: 'JP.Dupont@Example.FR', postalCode: '37000', city: 'tours', source: 'Salon', product: 'Pompe à chaleur' };

function setup() {
  const ctx = testContext(NOW);
  return { ctx, ...caller(ctx) };
}

describe('leads', () => {
  describe('create', () => {
    it('normalises like an import, scores, and records a created event', () => {
      const { call } = setup();
      const { lead } = call('leads.create', jean);
      expect(lead).toMatchObject({
        firstName: 'Jean-Pierre',
        lastName: 'Dupont',
        phone: '+33612345678',
        email: 'jp.dupont@example.fr',
        city: 'Tours',
        departement: '37',
        status: 'new',
        temperature: null,
        receivedAt: NOW,
        score: 40,
      });
      const sheet = call('leads.get', { id: lead.id });
      expect(sheet.events.map((e) => e.type)).toEqual(['created']);
      expect(sheet.score.breakdown).toEqual([
        { factor: 'source', value: 'Salon', points: 25 },
        { factor: 'product', value: 'Pompe à chaleur air-eau', points: 15 },
      ]);
      expect(sheet.score.suggestedTemperature).toBe('warm');
    });

    it('refuses a lead nobody can contact, with the issue on the phone field', () => {
      const { tryCall } = setup();
      expect(tryCall('leads.create', { lastName: 'Martin', phone: '01 23' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['phone'] }] } });
      expect(tryCall('leads.create', { phone: '0612345678' })).toMatchObject({ ok: false, error: { issues: [{ path: ['lastName'] }] } });
    });

    it('flags a duplicate and proposes a merge', () => {
      const { call } = setup();
      const a = call('leads.create', jean).lead;
      const b = call('leads.create', { ...jean, email: '', phone: '+33 6 12 34 56 78', comment: 'rappeler' });
      expect(b.duplicates).toEqual([{ id: a.id, reasons: ['phone', 'name_postal_code'] }]);
      const pairs = call('leads.duplicates', {});
      expect(pairs.map((p) => [p.leadId, p.otherId, p.differences.map((d) => d.field)])).toEqual([[b.lead.id, a.id, ['email', 'comment']]]);
      const c = call('leads.create', { ...jean, firstName: 'Anne', lastName: 'Roux', phone: '0700000001', email: '', postalCode: '69003', city: 'Lyon' }).lead;
      expect(call('leads.duplicates', { leadId: a.id }).map((p) => p.leadId)).toEqual([b.lead.id]);
      expect(call('leads.duplicates', { leadId: c.id })).toEqual([]);
    });
  });

  describe('merge', () => {
    it('fills empty fields, moves events, records the merge and deletes the other lead', () => {
      const { call, tryCall } = setup();
      const a = call('leads.create', { ...jean, email: '' }).lead;
      const b = call('leads.create', { ...jean, phone: '', comment: 'rappeler' }).lead;
      const kept = call('leads.merge', { keepId: a.id, mergeId: b.id });
      expect(kept).toMatchObject({ email: 'jp.dupont@example.fr', comment: 'rappeler', phone: '+33612345678' });
      expect(call('leads.get', { id: a.id }).events.map((e) => e.type)).toEqual(['created', 'created', 'merged']);
      expect(tryCall('leads.get', { id: b.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(call('leads.duplicates', {})).toEqual([]);
    });
  });

  describe('update', () => {
    it('records the changed fields, before and after, and rescores', () => {
      const { call } = setup();
      const { lead } = call('leads.create', jean);
      const { lead: updated } = call('leads.update', { id: lead.id, phone: '0033 7 00 00 00 01', source: 'Appel entrant' });
      expect(updated).toMatchObject({ phone: '+33700000001', score: 45 });
      const event = call('leads.get', { id: lead.id }).events.at(-1)!;
      expect(event).toMatchObject({ type: 'updated', actor: 'test', data: { changes: { phone: { from: '+33612345678', to: '+33700000001' }, source: { from: 'Salon', to: 'Appel entrant' } } } });
    });

    it('records nothing when nothing changes', () => {
      const { call } = setup();
      const { lead } = call('leads.create', jean);
      call('leads.update', { id: lead.id, city: 'Tours' });
      expect(call('leads.get', { id: lead.id }).events).toHaveLength(1);
    });
  });

  describe('qualification', () => {
    it('qualifies with BANT answers that count in the score', () => {
      const { call } = setup();
      const { lead } = call('leads.create', jean);
      const q = call('leads.qualify', { id: lead.id, temperature: 'hot', bant: { authority: 'decision_maker', timeline: 'immediate' } });
      expect(q).toMatchObject({ status: 'qualified', temperature: 'hot', score: 85, bant: { authority: 'decision_maker', timeline: 'immediate', need: null, budgetCents: null } });
      expect(call('leads.get', { id: lead.id }).events.at(-1)).toMatchObject({ type: 'qualified', data: { temperature: 'hot', suggestedTemperature: 'hot', from: 'new' } });
    });

    it('discards with a reason and refuses to discard twice', () => {
      const { call, tryCall } = setup();
      const { lead } = call('leads.create', jean);
      expect(call('leads.discard', { id: lead.id, reason: 'spam' }).status).toBe('discarded');
      expect(tryCall('leads.discard', { id: lead.id, reason: 'spam' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    });

    it('nurtures until a future date, then the lead comes back to the queue', () => {
      const { ctx, call, tryCall } = setup();
      const { lead } = call('leads.create', jean);
      expect(tryCall('leads.nurture', { id: lead.id, requalifyOn: '2026-11-23' })).toMatchObject({ ok: false, error: { issues: [{ path: ['requalifyOn'] }] } });
      call('leads.nurture', { id: lead.id, requalifyOn: '2026-12-01' });
      expect(call('queue.list', {}).total).toBe(0);
      const later = { ...ctx, now: () => Date.UTC(2026, 11, 1, 8, 0) };
      const next = caller(later).call('queue.next', {});
      expect(next).toMatchObject({ lead: { id: lead.id, status: 'nurturing' }, back: true });
    });
  });

  describe('queue', () => {
    it('orders by age or by score', () => {
      const { call } = setup();
      const old = call('leads.create', { ...jean, source: 'Facebook Ads', receivedAt: NOW - 3_600_000 }).lead;
      const hot = call('leads.create', { ...jean, phone: '0700000002', email: '', lastName: 'Roux', source: 'Appel entrant' }).lead;
      expect(call('queue.list', { order: 'oldest' }).items.map((i) => i.lead.id)).toEqual([old.id, hot.id]);
      expect(call('queue.list', { order: 'hottest' }).items.map((i) => i.lead.id)).toEqual([hot.id, old.id]);
    });

    it("runs each lead's qualification clock in business hours and counts those at risk and late", () => {
      // Monday 23 Nov 2026 10:00 Paris (09:00 UTC). Target 4 business hours, amber after 3.
      const { ctx, call } = setup();
      const at = (h: number, m = 0) => Date.UTC(2026, 10, 23, h - 1, m);
      const fresh = call('leads.create', { ...jean, receivedAt: at(10) }).lead;
      const amber = call('leads.create', { ...jean, phone: '0700000003', email: '', lastName: 'Roux', receivedAt: at(9) }).lead;
      // Friday 17:30: 30 min on Friday, then Monday from 09:00 -> amber Monday 11:30, due 12:30.
      const friday = call('leads.create', { ...jean, phone: '0700000004', email: '', lastName: 'Blanc', receivedAt: Date.UTC(2026, 10, 20, 16, 30) }).lead;
      const lastWeek = call('leads.create', { ...jean, phone: '0700000005', email: '', lastName: 'Noir', receivedAt: Date.UTC(2026, 10, 16, 9) }).lead;
      const queue = call('queue.list', {});
      const clockOf = (id: number) => queue.items.find((i) => i.lead.id === id)!.clock;
      expect(clockOf(fresh.id)).toEqual({ startedAt: at(10), allowedMs: 4 * 3_600_000, riskAt: at(13), dueAt: at(14) });
      expect(clockOf(amber.id)).toMatchObject({ riskAt: at(12), dueAt: at(13) });
      expect(clockOf(friday.id)).toMatchObject({ riskAt: at(11, 30), dueAt: at(12, 30) });
      expect(clockOf(lastWeek.id).dueAt).toBe(Date.UTC(2026, 10, 16, 13));
      // At 12:00: amber (3 h used) and friday (3.5 h) are at risk, lastWeek is late, fresh is running.
      const noon = caller({ ...ctx, now: () => at(12) }).call('queue.list', {});
      expect({ atRisk: noon.atRisk, late: noon.late }).toEqual({ atRisk: 2, late: 1 });
      // Just after 12:30 friday's clock has run out (at 12:30 itself it is still in time).
      expect(caller({ ...ctx, now: () => at(12, 30) + 1 }).call('queue.list', {})).toMatchObject({ atRisk: 1, late: 2 });
      // At 10:00 only lastWeek is late and nobody is amber yet.
      expect(call('queue.list', {})).toMatchObject({ atRisk: 0, late: 1 });
    });

    it("starts a nurtured lead's clock on the morning of its re-qualification date", () => {
      const { ctx, call } = setup();
      const { lead } = call('leads.create', jean);
      call('leads.nurture', { id: lead.id, requalifyOn: '2026-12-01' });
      const tuesday = caller({ ...ctx, now: () => Date.UTC(2026, 11, 1, 15) });
      // The clock starts at midnight, business time at 09:00: due at 13:00 Paris; it is now 16:00 there.
      expect(tuesday.call('queue.list', {})).toMatchObject({ late: 1, items: [{ clock: { startedAt: Date.UTC(2026, 10, 30, 23), dueAt: Date.UTC(2026, 11, 1, 12) } }] });
    });
  });

  describe('list', () => {
    it('searches names without accents, phones as typed, e-mails and cities', () => {
      const { call } = setup();
      call('leads.create', { ...jean, lastName: 'Lefèvre' });
      call('leads.create', { ...jean, lastName: 'Martin', phone: '0700000009', email: 'm@x.fr', postalCode: '69003', city: 'Lyon' });
      const find = (search: string) => call('leads.list', { search }).items.map((l) => l.lastName);
      expect(find('lefevre')).toEqual(['Lefèvre']);
      expect(find('06 12 34')).toEqual(['Lefèvre']);
      expect(find('+33 7 00')).toEqual(['Martin']);
      expect(find('lyon')).toEqual(['Martin']);
      expect(find('jp.dupont')).toEqual(['Lefèvre']);
    });

    it('filters, pages and counts', () => {
      const { call } = setup();
      for (let i = 0; i < 5; i++) call('leads.create', { ...jean, lastName: `N${i}`, phone: `070000001${i}`, email: '', source: i % 2 ? 'Salon' : 'Site web', receivedAt: NOW - i * 1000 });
      const page = call('leads.list', { source: 'Salon', limit: 1, offset: 1, sort: 'received_desc' });
      expect(page.total).toBe(2);
      expect(page.items.map((l) => l.lastName)).toEqual(['N3']);
      expect(call('leads.list', { status: ['new'], temperature: ['none'], from: NOW - 2500, to: NOW }).total).toBe(2);
    });
  });

  describe('scoring rules', () => {
    it('rescores open leads when the rules change', () => {
      const { call } = setup();
      const { lead } = call('leads.create', jean);
      const rules = call('scoring.rules.get', {});
      call('scoring.rules.set', { rules: { ...rules, source: { salon: 100 } } });
      expect(call('leads.get', { id: lead.id }).lead.score).toBe(115);
    });

    it('scores a product by its catalogue line, whatever spelling the lead came with', () => {
      const { call } = setup();
      const productLine = (product: string) =>
        call('leads.get', { id: call('leads.create', { ...jean, phone: '', email: `${product.length}@example.fr`, product }).lead.id }).score.breakdown.find((l) => l.factor === 'product');
      for (const product of ['PAC', 'Aérothermie', 'pompe a chaleur air eau']) expect(productLine(product)).toEqual({ factor: 'product', value: 'Pompe à chaleur air-eau', points: 15 });
      // A label the catalogue does not know still scores by a rule written for it as such.
      const rules = call('scoring.rules.get', {});
      call('scoring.rules.set', { rules: { ...rules, product: { ...rules.product, 'Bidule solaire': 7 } } });
      expect(productLine('Bidule solaire')).toEqual({ factor: 'product', value: 'Bidule solaire', points: 7 });
    });

    it('refuses thresholds in the wrong order', () => {
      const { call, tryCall } = setup();
      const rules = call('scoring.rules.get', {});
      expect(tryCall('scoring.rules.set', { rules: { ...rules, thresholds: { hot: 10, warm: 20 } } }).ok).toBe(false);
    });
  });
});
