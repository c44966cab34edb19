/**
 * What a member's person may see and act on (OWASP ASVS 8.2.2, no IDOR): the member comes from
 * the session (Context.member, set by the server from the signed-in user), never from the
 * request. A lead belongs to the member it is dispatched to (leads.owner_member_id):
 * - a member administrator sees all of the member's leads;
 * - a salesperson sees the member's leads nobody has answered yet (the company's inbox: whoever
 *   is free accepts, and the lead becomes theirs) and the leads given to them;
 * - a pooled lead offered to the member is seen by both, through the pool's own list.
 * Anything else is refused with one message whether the lead exists or not, so the refusal
 * tells nothing about other members' leads; the host writes every refusal to the audit log.
 */
import type { Context, MemberPrincipal } from '../commands/define';
import { AppError } from '../commands/errors';
import { prepared, type Db } from '../db/connection';
import { tr } from '../language';
import { getLead } from '../leads/store';
import type { Lead } from '../leads/schema';

/** The member's person calling, or a refusal for anyone else (the head office, the CLI, a job). */
export function memberOf(ctx: Context): MemberPrincipal {
  if (!ctx.member)
    throw new AppError('forbidden', tr('The extranet is for a member’s people: sign in with a member account.', 'L’extranet est réservé aux membres : connectez-vous avec un compte membre.'));
  return ctx.member;
}

export const notYours = () => new AppError('forbidden', tr('This lead is not among your leads.', 'Ce lead ne fait pas partie de vos leads.'));

/** The person of the member a lead is given to, or null (nobody yet, or given within another member before a re-route). */
export function assigneeOf(db: Db, leadId: number, memberId: number): number | null {
  const id = prepared(db, 'SELECT user_id FROM lead_assignees WHERE lead_id = ? AND member_id = ?').pluck().get(leadId, memberId) as number | undefined;
  return id === undefined ? null : Number(id);
}

export function assign(db: Db, leadId: number, memberId: number, userId: number, now: number): void {
  prepared(
    db,
    `INSERT INTO lead_assignees (lead_id, member_id, user_id, assigned_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (lead_id) DO UPDATE SET member_id = excluded.member_id, user_id = excluded.user_id, assigned_at = excluded.assigned_at`,
  ).run(leadId, memberId, userId, now);
}

/** True when this person may see this lead of their member (see the header). */
export function maySee(db: Db, me: MemberPrincipal, lead: Pick<Lead, 'id' | 'ownerMemberId' | 'status'>): boolean {
  if (lead.ownerMemberId !== me.memberId) return false;
  if (me.role === 'member_admin') return true;
  return lead.status === 'dispatched' || assigneeOf(db, lead.id, me.memberId) === me.userId;
}

/** The lead, when this person may see it; a refusal otherwise. */
export function visibleLead(ctx: Context, leadId: number): Lead {
  const me = memberOf(ctx);
  const lead = getLead(ctx.db, leadId);
  if (!lead || !maySee(ctx.db, me, lead)) throw notYours();
  return lead;
}
