/**
 * The links of a member's mail to accept or decline one lead (issue 18), for members with or
 * without extranet accounts. Each link names one dispatch: its token is 256 random bits of which
 * only the SHA-256 is stored (dispatch_links), it works once, and only while the dispatch waits
 * for the member's answer, until its acceptance deadline (the stored `accept_due_at`, the one the
 * re-assignment job reads). A reminder or a digest sends a new link for the same dispatch; an
 * answer through any of them ends the dispatch, which refuses the others.
 *
 * Mail scanners (Microsoft Safe Links and others) open every link of a mail: the link opens a
 * page (`#/answer/TOKEN/accept`, a fragment, so no server log keeps the token) that only reads
 * (checkLink); the page's confirmation (a POST) answers (answerByLink). The answer is the
 * workflow's own step (recordStep), under the member's e-mail: the dispatch ends, a decline
 * re-routes at once, the clocks, dashboard and reports move as for any answer. Each answer is
 * in the audit log with the address it came from.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { prepared } from '../db/connection';
import { zmsg } from '../language';
import { getLead } from '../leads/store';
import { getMember } from '../members/store';
import { audit } from '../privacy/audit';
import { readSettings, slaSettings } from '../settings/read';
import { recordStep } from '../workflow/record';
import { memberView, type MemberLead } from '../extranet/view';
import { DECLINE_REASONS } from '../../common/extranet';
import { assign } from '../extranet/scope';
import { normaliseEmail } from '../users/store';

export interface AnswerLinks {
  accept: string;
  decline: string;
}

export const ANSWER_ACTIONS = ['accept', 'decline'] as const;
export type AnswerAction = (typeof ANSWER_ACTIONS)[number];

/** What the page sends: the link's token, what it answers, and for a decline the reason from the extranet's list. */
export const answerInput = z
  .object({
    token: z.string().regex(/^[\w-]{20,100}$/),
    action: z.enum(ANSWER_ACTIONS),
    reason: z.enum(DECLINE_REASONS, zmsg('Choose a reason from the list', 'Choisissez une raison dans la liste')).optional(),
    comment: z.string().trim().max(500).default(''),
  })
  .refine((a) => a.action !== 'decline' || a.reason !== undefined, { path: ['reason'], ...zmsg('Choose a reason from the list', 'Choisissez une raison dans la liste') })
  .refine((a) => a.reason !== 'other' || a.comment.length > 0, { path: ['comment'], ...zmsg('Say why', 'Précisez pourquoi') });
export type AnswerInput = z.output<typeof answerInput>;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * New links for a dispatch, or null without a public address to point them to (the mail then
 * asks for a reply instead). Written in the caller's transaction, with the mail that carries them.
 */
export function issueLinks(ctx: Pick<Context, 'db' | 'now' | 'linkOrigin'>, dispatchId: number): AnswerLinks | null {
  if (!ctx.linkOrigin) return null;
  const token = randomBytes(32).toString('base64url');
  prepared(ctx.db, 'INSERT INTO dispatch_links (token_hash, dispatch_id, created_at) VALUES (?, ?, ?)').run(hashOf(token), dispatchId, ctx.now());
  const page = `${ctx.linkOrigin}/#/answer/${token}`;
  return { accept: `${page}/accept`, decline: `${page}/decline` };
}

/** Why a link cannot be used: no such link, used already, past its deadline, or its dispatch ended otherwise (another answer, a re-assignment). */
export type LinkRefusal = 'unknown' | 'used' | 'expired' | 'ended';

export type LinkState = { ok: true; memberName: string; dueAt: number; lead: MemberLead } | { ok: false; reason: LinkRefusal };

interface LinkRow {
  used_at: number | null;
  dispatch_id: number;
  lead_id: number;
  member_id: number;
  at: number;
  accept_due_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

function find(ctx: Pick<Context, 'db'>, token: string): LinkRow | undefined {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const row = prepared(
    ctx.db,
    `SELECT l.used_at, d.id AS dispatch_id, d.lead_id, d.member_id, d.at, d.accept_due_at, d.ended_at, d.end_reason
     FROM dispatch_links l JOIN dispatches d ON d.id = l.dispatch_id WHERE l.token_hash = ? AND d.outcome = 'member'`,
  ).get(hashOf(token)) as LinkRow | undefined;
  if (!row) return undefined;
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    ...row,
    used_at: n(row.used_at),
    dispatch_id: Number(row.dispatch_id),
    lead_id: Number(row.lead_id),
    member_id: Number(row.member_id),
    at: Number(row.at),
    accept_due_at: Number(row.accept_due_at),
    ended_at: n(row.ended_at),
  };
}

function refusalOf(row: LinkRow | undefined, now: number): LinkRefusal | null {
  if (!row) return 'unknown';
  if (row.used_at !== null) return 'used';
  // A lead accepted at its deadline is in time (common/sla.ts): the link works until then, included.
  if ((row.ended_at !== null && row.end_reason === 'expired') || now > row.accept_due_at) return 'expired';
  if (row.ended_at !== null) return 'ended';
  return null;
}

/** What the page shows before anyone confirms: the lead as the member may see it before accepting, or why the link cannot be used. Spends nothing. */
export function checkLink(ctx: Pick<Context, 'db' | 'now'>, token: string): LinkState {
  const row = find(ctx, token);
  const refusal = refusalOf(row, ctx.now());
  if (refusal || !row) return { ok: false, reason: refusal ?? 'unknown' };
  const lead = getLead(ctx.db, row.lead_id)!;
  return {
    ok: true,
    memberName: getMember(ctx.db, row.member_id)?.name ?? '',
    dueAt: row.accept_due_at,
    lead: memberView(lead, row.at, null, slaSettings(readSettings(ctx)), ctx.now()),
  };
}

export type LinkAnswer = { ok: true; action: 'accept'; lead: MemberLead } | { ok: true; action: 'decline'; leadId: number } | { ok: false; reason: LinkRefusal };

/**
 * The member's person a mail went to: the one whose own extranet account has the member's
 * address, where the mails go. An accept through its link makes the lead theirs, as an accept
 * in the extranet does, so a salesperson sees it among their leads; a shared address nobody signs
 * in with names no one, and the member administrator gives the lead (extranet.assign).
 */
function recipientPerson(ctx: Pick<Context, 'db'>, member: { id: number; email: string }): number | null {
  if (!member.email) return null;
  const id = prepared(ctx.db, 'SELECT id FROM users WHERE member_id = ? AND email = ? AND disabled_at IS NULL').pluck().get(member.id, normaliseEmail(member.email));
  return id === undefined ? null : Number(id);
}

/**
 * Answers through the link, in one transaction: one conditional UPDATE spends it (of two uses at
 * once, one wins), then the workflow's step; if another answer ended the dispatch meanwhile the
 * step refuses and nothing is kept, the link included.
 */
export function answerByLink(ctx: Context, { token, action, reason, comment }: AnswerInput, address: string): LinkAnswer {
  const before = find(ctx, token);
  const refusal = refusalOf(before, ctx.now());
  if (refusal || !before) return { ok: false, reason: refusal ?? 'unknown' };
  const member = getMember(ctx.db, before.member_id)!;
  const now = ctx.now();
  // Recorded under the member's address, as an answer by mail is; the audit entry says it came by a link.
  const as: Context = { ...ctx, actor: member.email || `member:${member.id}` };
  try {
    return ctx.db.transaction((): LinkAnswer => {
      const spent = prepared(ctx.db, 'UPDATE dispatch_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL RETURNING dispatch_id').pluck().get(now, hashOf(token));
      if (spent === undefined) return { ok: false, reason: 'used' };
      const step = action === 'accept' ? 'accepted' : 'declined';
      recordStep(as, { leadId: before.lead_id, step, reason: action === 'decline' ? (comment ? `${reason}: ${comment}` : reason!) : '', amountCents: null, at: now });
      // The step ends the lead's open dispatch: if that was no longer this link's (re-routed
      // and committed since the check), this answer is not the member's to give.
      const ended = prepared(ctx.db, 'SELECT end_reason FROM dispatches WHERE id = ? AND ended_at = ?').pluck().get(before.dispatch_id, now);
      if (ended !== step) throw new AppError('conflict', 'The link’s dispatch ended meanwhile.');
      const assignee = action === 'accept' ? recipientPerson(ctx, member) : null;
      if (assignee !== null) assign(ctx.db, before.lead_id, member.id, assignee, now);
      audit(as, 'dispatch.linkAnswer', `lead:${before.lead_id}`, { dispatchId: before.dispatch_id, memberId: member.id, action, address, ...(reason ? { reason } : {}) });
      if (action === 'decline') return { ok: true, action, leadId: before.lead_id };
      return { ok: true, action, lead: memberView(getLead(ctx.db, before.lead_id)!, before.at, assignee, slaSettings(readSettings(ctx)), now) };
    })();
  } catch (error) {
    // Answered or re-assigned between the check and the step (another process, the job).
    if (error instanceof AppError && error.code === 'conflict') return { ok: false, reason: 'ended' };
    throw error;
  }
}
