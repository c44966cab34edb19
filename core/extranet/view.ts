/**
 * A lead as a member's person sees it (ASVS 8.2.3, field-level access): before acceptance only
 * what a member needs to decide (where, what, how hot, the BANT answers, budget and timeline as
 * the source wrote them) and the acceptance clock; the prospect's name, phone, e-mail, address,
 * company and the qualifier's comment once the member has accepted the lead. Nothing about
 * routing (other candidates, scores) or the head office's own notes ever leaves here.
 */
import { acceptanceClock, clockState, type ClockState, type SlaSettings } from '../../common/sla';
import type { Aint, Bant, Lead, LeadStatus, Temperature } from '../leads/schema';

export interface MemberContact {
  civility: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  email: string;
  address: string;
  comment: string;
}

export interface MemberLead {
  id: number;
  status: LeadStatus;
  postalCode: string;
  city: string;
  departement: string | null;
  product: string;
  temperature: Temperature | null;
  bant: Bant;
  aint: Aint;
  budgetText: string;
  timelineText: string;
  receivedAt: number;
  /** When it was dispatched to the member, and the acceptance clock while it waits for an answer. */
  dispatchedAt: number | null;
  clock: { riskAt: number; dueAt: number; state: ClockState } | null;
  /** Null until the member accepted the lead. */
  contact: MemberContact | null;
  /** The member's person the lead is given to (null: nobody yet). */
  assigneeId: number | null;
  version: number;
}

/** Statuses in which the member has accepted the lead and works it: contact details shown. */
const ACCEPTED: readonly LeadStatus[] = ['accepted', 'contacted', 'quoted', 'won', 'lost'];

export function memberView(lead: Lead, dispatchedAt: number | null, assigneeId: number | null, sla: SlaSettings, now: number): MemberLead {
  const waiting = lead.status === 'dispatched' && dispatchedAt !== null;
  const clock = waiting ? acceptanceClock({ temperature: lead.temperature, dispatchedAt }, sla) : null;
  return {
    id: lead.id,
    status: lead.status,
    postalCode: lead.postalCode,
    city: lead.city,
    departement: lead.departement,
    product: lead.product,
    temperature: lead.temperature,
    bant: lead.bant,
    aint: lead.aint,
    budgetText: lead.budgetText,
    timelineText: lead.timelineText,
    receivedAt: lead.receivedAt,
    dispatchedAt,
    clock: clock && { riskAt: clock.riskAt, dueAt: clock.dueAt, state: clockState(clock, now) },
    contact: ACCEPTED.includes(lead.status)
      ? {
          civility: lead.civility,
          firstName: lead.firstName,
          lastName: lead.lastName,
          company: lead.company,
          phone: lead.phone,
          email: lead.email,
          address: lead.address,
          comment: lead.comment,
        }
      : null,
    assigneeId,
    version: lead.version,
  };
}
