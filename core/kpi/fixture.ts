/**
 * A small fixed data set for the KPI and report tests, with hand-computed expectations in the
 * tests. October 2026 in Paris: UTC+2 until the 25th, UTC+1 after. Members A and B.
 */
import type { Context } from '../commands/define';
import { caller, validMember } from '../test-support';

const at = (mo: number, d: number, h: number, mi = 0) => Date.UTC(2026, mo - 1, d, h, mi);

interface LeadSpec {
  received: number;
  temperature: 'hot' | 'warm' | 'cold' | null;
  source: string;
  channel?: string;
  departement: string;
  status: string;
  owner?: number | null;
}

export function seedKpiFixture(ctx: Context) {
  const { call } = caller(ctx);
  const a = call('members.create', validMember).id;
  const b = call('members.create', { ...validMember, name: 'Énergie Loire', postalCode: '41000', city: 'Blois' }).id;
  const db = ctx.db;
  const lead = (s: LeadSpec): number =>
    db
      .prepare(
        `INSERT INTO leads (last_name, source, channel, campaign, product, departement, temperature, status, received_at, owner_member_id, created_at, updated_at) VALUES ('X', ?, ?, 'Automne', 'PAC', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .pluck()
      .get(s.source, s.channel ?? '', s.departement, s.temperature, s.status, s.received, s.owner ?? null, s.received, s.received) as number;
  const event = (leadId: number, type: string, when: number, data: object = {}) =>
    db.prepare(`INSERT INTO lead_events (lead_id, type, at, actor, data) VALUES (?, ?, ?, 'test', ?)`).run(leadId, type, when, JSON.stringify(data));
  const dispatch = (leadId: number, memberId: number | null, when: number, end: [number, string] | null, whiteZone = false) => {
    const id = db
      .prepare(`INSERT INTO dispatches (lead_id, outcome, member_id, decision, at, actor) VALUES (?, ?, ?, ?, ?, 'test') RETURNING id`)
      .pluck()
      .get(leadId, memberId ? 'member' : 'head_office', memberId, JSON.stringify({ whiteZone, candidates: [], outcome: {} }), when) as number;
    event(leadId, memberId ? 'dispatched' : 'routed_to_head_office', when, { dispatchId: id, memberId });
    if (end) db.prepare('UPDATE dispatches SET ended_at = ?, end_reason = ? WHERE id = ?').run(end[0], end[1], id);
  };

  // L1: Mon 5 Oct, hot, accepted after 1 business hour, contacted after 7, quoted after 16, won 10,000 €.
  const l1 = lead({ received: at(10, 5, 8), temperature: 'hot', source: 'Site web', channel: 'Formulaire', departement: '37', status: 'won', owner: a });
  event(l1, 'created', at(10, 5, 8));
  event(l1, 'qualified', at(10, 5, 8, 30));
  dispatch(l1, a, at(10, 5, 9), [at(10, 5, 10), 'accepted']);
  event(l1, 'accepted', at(10, 5, 10));
  event(l1, 'contacted', at(10, 6, 8));
  event(l1, 'quote_1', at(10, 7, 8));
  event(l1, 'won', at(10, 9, 8), { amountCents: 1_000_000 });

  // L2: Fri 9 Oct 16:30 Paris dispatch, accepted Mon 10:00: 2.5 business hours over the weekend.
  const l2 = lead({ received: at(10, 9, 14), temperature: 'warm', source: 'Salon', channel: 'Stand', departement: '37', status: 'lost', owner: a });
  event(l2, 'qualified', at(10, 9, 14, 10));
  dispatch(l2, a, at(10, 9, 14, 30), [at(10, 12, 8), 'accepted']);
  event(l2, 'accepted', at(10, 12, 8));
  event(l2, 'contacted', at(10, 12, 12));
  event(l2, 'lost', at(10, 14, 12), { reason: 'Trop cher' });

  // L3: 31 Oct 23:30 in Paris (22:30 UTC): October, never treated.
  lead({ received: at(10, 31, 22, 30), temperature: 'cold', source: 'Site web', departement: '41', status: 'new' });

  // L4: hot, expired at A after 4 h, re-assigned to B, accepted 5.5 business hours later (late), never contacted.
  const l4 = lead({ received: at(10, 20, 7), temperature: 'hot', source: 'Partenaire', departement: '41', status: 'accepted', owner: b });
  event(l4, 'qualified', at(10, 20, 7, 10));
  dispatch(l4, a, at(10, 20, 7, 30), [at(10, 20, 11, 30), 'expired']);
  dispatch(l4, b, at(10, 20, 11, 30), [at(10, 21, 8), 'accepted']);
  event(l4, 'accepted', at(10, 21, 8));

  // L5: white zone, routed to the head office.
  const l5 = lead({ received: at(10, 21, 9), temperature: 'warm', source: 'Site web', departement: '18', status: 'dispatched' });
  dispatch(l5, null, at(10, 21, 9, 30), null, true);

  // Outside October: 30 Sep 23:30 Paris, a year before, 1 Nov 00:30 Paris.
  lead({ received: at(9, 30, 21, 30), temperature: 'warm', source: 'Salon', departement: '37', status: 'discarded' });
  lead({ received: Date.UTC(2025, 9, 15, 10), temperature: 'warm', source: 'Salon', departement: '37', status: 'lost' });
  lead({ received: at(10, 31, 23, 30), temperature: 'hot', source: 'Site web', departement: '37', status: 'new' });
  return { a, b };
}
