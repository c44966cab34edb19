/**
 * Everything held about one person, as one document: each of their leads with every stored
 * field (consent included), its events, its owner history (every dispatch, with the members
 * it was sent or offered to) and the e-mails that carried the data to a member.
 */
import type { Context } from '../commands/define';
import type { Db } from '../db/connection';
import type { Lead, LeadEvent } from '../leads/schema';
import { getLead, listEvents } from '../leads/store';
import { listOutbox } from '../mail/outbox';
import { dispatchesOf, type DispatchRow } from '../routing/store';
import type { PersonLead } from './person';

export interface DossierLead {
  lead: Lead;
  owner: { memberId: number; name: string } | null;
  events: LeadEvent[];
  dispatches: (DispatchRow & { offeredToNames: string[] })[];
  mails: { createdAt: number; recipient: string; subject: string; body: string; status: string; sentAt: number | null }[];
}

export interface Dossier {
  generatedAt: number;
  generatedBy: string;
  leads: DossierLead[];
}

function memberName(db: Db, id: number): string {
  return (db.prepare('SELECT name FROM members WHERE id = ?').pluck().get(id) as string | undefined) ?? `#${id}`;
}

export function buildDossier(ctx: Pick<Context, 'db' | 'actor' | 'now'>, people: readonly PersonLead[]): Dossier {
  const { db } = ctx;
  const leads = people.map(({ id }): DossierLead => {
    const lead = getLead(db, id)!;
    return {
      lead,
      owner: lead.ownerMemberId ? { memberId: lead.ownerMemberId, name: memberName(db, lead.ownerMemberId) } : null,
      events: listEvents(db, id),
      dispatches: dispatchesOf(db, id).map((d) => ({ ...d, offeredToNames: d.offeredTo.map((m) => memberName(db, m)) })),
      mails: listOutbox(db, { leadId: id, limit: 1000 }).map((m) => ({ createdAt: m.createdAt, recipient: m.recipient, subject: m.subject, body: m.body, status: m.status, sentAt: m.sentAt })),
    };
  });
  return { generatedAt: ctx.now(), generatedBy: ctx.actor, leads };
}
