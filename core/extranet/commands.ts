/**
 * extranet.*: what a member's people do themselves (issue 18). Named commands only, never a
 * generic edit (Odoo's portal lesson): read the inbox and a lead, accept, decline with a reason
 * from a list, record each step, take a pooled lead, and for the member administrator see the
 * team and give a lead to one of them. Every answer is the head office's own workflow step
 * (core/workflow/record.ts), recorded under the person's e-mail, so the SLA clocks, the
 * re-assignment, the dashboard and the reports move as when the head office types it. The member
 * always comes from the session (scope.ts).
 */
import { z } from 'zod';
import { command, type Context, type MemberPrincipal } from '../commands/define';
import { AppError } from '../commands/errors';
import { prepared } from '../db/connection';
import { expectedVersion } from '../db/row-version';
import { tr, zmsg } from '../language';
import { getLead, listEvents, toLead, type LeadRow } from '../leads/store';
import { dispatchesOf, openDispatch } from '../routing/store';
import { readSettings, slaSettings } from '../settings/read';
import { recordStep, type StepInput } from '../workflow/record';
import { STEPS, type Step } from '../../common/leads';
import { DECLINE_REASONS, MEMBER_STEPS } from '../../common/extranet';
import { assign, assigneeOf, maySee, memberOf, notYours, visibleLead } from './scope';
import { memberView, type MemberLead } from './view';
import { claimLimit, claimsThisWeek, poolFor } from './pool';
import { peopleOf } from './people';

const leadRef = z.object({ id: z.number().int().positive(), expectedVersion });

/** Statuses per inbox tab: waiting for an answer, being worked, closed. */
const TABS = { waiting: ['dispatched'], inProgress: ['accepted', 'contacted', 'quoted'], closed: ['won', 'lost'] } as const;
type Tab = keyof typeof TABS;
/** Closed leads shown: the latest ones; the rest are the head office's reports' business. */
const CLOSED_SHOWN = 50;
const OPEN_SHOWN = 500;

function viewOf(ctx: Context, leadId: number): MemberLead {
  const me = memberOf(ctx);
  const lead = getLead(ctx.db, leadId)!;
  const open = openDispatch(ctx.db, leadId);
  return memberView(lead, open?.outcome === 'member' ? open.at : null, assigneeOf(ctx.db, leadId, me.memberId), slaSettings(readSettings(ctx)), ctx.now());
}

function inbox(ctx: Context, search: string): Record<Tab, MemberLead[]> {
  const me = memberOf(ctx);
  const sla = slaSettings(readSettings(ctx));
  const now = ctx.now();
  const mine = me.role === 'member_admin' ? '' : `AND (l.status = 'dispatched' OR EXISTS (SELECT 1 FROM lead_assignees a WHERE a.lead_id = l.id AND a.member_id = @memberId AND a.user_id = @userId))`;
  // Before acceptance only the town, postal code and project are searchable: a name would tell whose lead it is.
  const term = search.trim().toLowerCase();
  const matches = term ? `AND (lower(l.city) LIKE @term OR l.postal_code LIKE @term OR lower(l.product) LIKE @term OR CAST(l.id AS TEXT) = @exact)` : '';
  const result = {} as Record<Tab, MemberLead[]>;
  for (const tab of Object.keys(TABS) as Tab[]) {
    const statuses = TABS[tab].map((s) => `'${s}'`).join(', ');
    const rows = prepared(
      ctx.db,
      `SELECT l.*, (SELECT max(d.at) FROM dispatches d WHERE d.lead_id = l.id AND d.ended_at IS NULL AND d.outcome = 'member') AS dispatched_at,
         (SELECT a.user_id FROM lead_assignees a WHERE a.lead_id = l.id AND a.member_id = @memberId) AS assignee_id
       FROM leads l WHERE l.owner_member_id = @memberId AND l.status IN (${statuses}) ${mine} ${matches}
       ORDER BY ${tab === 'waiting' ? 'dispatched_at, l.id' : 'l.updated_at DESC, l.id DESC'} LIMIT @limit`,
    ).all({ memberId: me.memberId, userId: me.userId, term: `%${term}%`, exact: term, limit: tab === 'closed' ? CLOSED_SHOWN : OPEN_SHOWN }) as (LeadRow & {
      dispatched_at: number | null;
      assignee_id: number | null;
    })[];
    result[tab] = rows.map((r) => memberView(toLead(r), r.dispatched_at === null ? null : Number(r.dispatched_at), r.assignee_id === null ? null : Number(r.assignee_id), sla, now));
  }
  return result;
}

/** The member's own steps on the lead since it was last dispatched to them: no head-office event, no other member's. */
function timeline(ctx: Context, leadId: number): { type: Step; at: number; amountCents: number | null; reason: string; nextActionOn: string | null }[] {
  const me = memberOf(ctx);
  const since = dispatchesOf(ctx.db, leadId)
    .filter((d) => d.memberId === me.memberId || d.offeredTo.includes(me.memberId))
    .reduce((latest, d) => Math.max(latest, d.at), -1);
  if (since < 0) return [];
  return listEvents(ctx.db, leadId)
    .filter((e) => e.at >= since && (STEPS as readonly string[]).includes(e.type))
    .map((e) => ({
      type: e.type as Step,
      at: e.at,
      amountCents: typeof e.data.amountCents === 'number' ? e.data.amountCents : null,
      reason: typeof e.data.reason === 'string' ? e.data.reason : '',
      nextActionOn: typeof e.data.nextActionOn === 'string' ? e.data.nextActionOn : null,
    }));
}

const declineInput = leadRef
  .extend({
    reason: z.enum(DECLINE_REASONS, zmsg('Choose a reason from the list', 'Choisissez une raison dans la liste')),
    comment: z.string().trim().max(500).default(''),
  })
  .refine((d) => d.reason !== 'other' || d.comment.length > 0, { path: ['comment'], ...zmsg('Say why', 'Précisez pourquoi') });

const stepInput = leadRef
  .extend({
    step: z.enum(MEMBER_STEPS),
    amountCents: z.number().int().min(0).max(100_000_000_00).nullable().default(null),
    reason: z.string().trim().max(500).default(''),
    nextActionOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, zmsg('A date as YYYY-MM-DD', 'Une date AAAA-MM-JJ'))
      .optional(),
  })
  .refine((s) => !['quote_1', 'quote_2', 'won'].includes(s.step) || s.amountCents !== null, { path: ['amountCents'], ...zmsg('Give the amount', 'Indiquez le montant') })
  .refine((s) => s.step !== 'lost' || s.reason.length > 0, { path: ['reason'], ...zmsg('Give the reason', 'Indiquez la raison') })
  .refine((s) => s.step !== 'follow_up' || s.nextActionOn !== undefined, { path: ['nextActionOn'], ...zmsg('Give the next action’s date', 'Indiquez la date de la prochaine action') });

export const extranetCommands = {
  'extranet.inbox': command(z.object({ search: z.string().max(100).default('') }), (ctx, { search }) => ({ ...inbox(ctx, search), now: ctx.now() })),

  'extranet.lead': command(z.object({ id: z.number().int().positive() }), (ctx, { id }) => {
    visibleLead(ctx, id);
    return { lead: viewOf(ctx, id), timeline: timeline(ctx, id) };
  }),

  /** The lead becomes the accepting person's (a salesperson's colleagues no longer see it). */
  'extranet.accept': command(leadRef, (ctx, { id, expectedVersion: version }) => {
    const me = memberOf(ctx);
    const lead = visibleLead(ctx, id);
    if (lead.status !== 'dispatched') throw answered();
    answer(ctx, { leadId: id, step: 'accepted', reason: '', amountCents: null, expectedVersion: version });
    assign(ctx.db, id, me.memberId, me.userId, ctx.now());
    return viewOf(ctx, id);
  }),

  /** Re-routes at once, as the head office's decline does; the lead leaves the member's inbox. */
  'extranet.decline': command(declineInput, (ctx, { id, reason, comment, expectedVersion: version }) => {
    const lead = visibleLead(ctx, id);
    if (lead.status !== 'dispatched') throw answered();
    answer(ctx, { leadId: id, step: 'declined', reason: comment ? `${reason}: ${comment}` : reason, amountCents: null, expectedVersion: version });
    return { id, declined: true };
  }),

  'extranet.step': command(stepInput, (ctx, { id, step, amountCents, reason, nextActionOn, expectedVersion: version }) => {
    const lead = visibleLead(ctx, id);
    if (lead.status === 'dispatched') throw new AppError('conflict', tr('Accept the lead first.', 'Acceptez d’abord le lead.'));
    answer(ctx, { leadId: id, step, reason, amountCents, nextActionOn, expectedVersion: version });
    return viewOf(ctx, id);
  }),

  'extranet.pool': command(z.object({}), (ctx) => {
    const me = memberOf(ctx);
    return { leads: poolFor(ctx, me.memberId), claimedThisWeek: claimsThisWeek(ctx.db, me.memberId, ctx.now()), limit: claimLimit(ctx.db, me.memberId) };
  }),

  /** Takes a pooled lead offered to the member: one conditional UPDATE decides between racing members (core/routing/store.ts, endDispatch). */
  'extranet.claim': command(leadRef.pick({ id: true }), (ctx, { id }) => {
    const me = memberOf(ctx);
    const open = openDispatch(ctx.db, id);
    if (!open || open.outcome !== 'pool' || !open.offeredTo.includes(me.memberId)) {
      // Gone to someone faster, or never offered to this member: the same answer, which names nobody.
      if (open?.outcome !== 'pool' && dispatchesOf(ctx.db, id).some((d) => d.outcome === 'pool' && d.offeredTo.includes(me.memberId))) throw taken();
      throw notYours();
    }
    // Past its claim deadline the lead is the head office's, even before the background job moves it (core/routing/pool-expiry.ts).
    if (open.acceptDueAt !== null && Number(open.acceptDueAt) <= ctx.now()) {
      throw new AppError('conflict', tr('The time to take this lead is over: it goes back to the head office.', 'Le délai pour prendre ce lead est passé : il retourne à la tête de réseau.'));
    }
    if (claimsThisWeek(ctx.db, me.memberId, ctx.now()) >= claimLimit(ctx.db, me.memberId)) {
      throw new AppError('conflict', tr('Your weekly limit of leads taken from the pool is reached.', 'Votre limite hebdomadaire de leads pris dans le pot commun est atteinte.'));
    }
    try {
      recordStep(ctx, { leadId: id, step: 'claimed', memberId: me.memberId, reason: '', amountCents: null });
    } catch (error) {
      // not_found: on PostgreSQL the winner's commit took the lead out of this member's row-level security scope meanwhile.
      if (error instanceof AppError && (error.code === 'conflict' || error.code === 'not_found')) throw taken();
      throw error;
    }
    assign(ctx.db, id, me.memberId, me.userId, ctx.now());
    return viewOf(ctx, id);
  }),

  'extranet.team': command(z.object({}), (ctx) => peopleOf(ctx.db, memberOf(ctx).memberId)),

  /** The member administrator gives an accepted lead to one of the member's people. */
  'extranet.assign': command(z.object({ id: z.number().int().positive(), userId: z.number().int().positive() }), (ctx, { id, userId }) => {
    const me = memberOf(ctx);
    visibleLead(ctx, id);
    const colleague = prepared(ctx.db, 'SELECT 1 FROM users WHERE id = ? AND member_id = ? AND disabled_at IS NULL').get(userId, me.memberId);
    if (!colleague) throw new AppError('forbidden', tr('This person is not one of your member’s people.', 'Cette personne ne fait pas partie de vos collaborateurs.'));
    assign(ctx.db, id, me.memberId, userId, ctx.now());
    return viewOf(ctx, id);
  }),
};

/**
 * A member's answer, as the workflow's step for the member's own dispatch. The lead was the
 * caller's a moment ago (visibleLead); when the step finds it gone (on PostgreSQL the member's
 * row-level security no longer sees a re-routed lead) or no longer the member's, the
 * re-assignment job or the head office took it meanwhile, and the refusal says so.
 */
function answer(ctx: Context, input: Omit<StepInput, 'memberId'>): void {
  const me = memberOf(ctx);
  try {
    recordStep(ctx, { ...input, ...(input.step === 'accepted' || input.step === 'declined' ? { memberId: me.memberId } : {}) });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict') && !stillSeen(ctx, me, input.leadId)) throw reassigned();
    throw error;
  }
}

const stillSeen = (ctx: Context, me: MemberPrincipal, leadId: number) => {
  const lead = getLead(ctx.db, leadId);
  return lead !== undefined && maySee(ctx.db, me, lead);
};

const reassigned = () =>
  new AppError(
    'conflict',
    tr(
      'This lead was re-assigned a moment ago: it is no longer among your leads, and nothing was recorded.',
      'Ce lead vient d’être ré-attribué : il ne fait plus partie de vos leads, rien n’a été enregistré.',
    ),
  );
const answered = () => new AppError('conflict', tr('This lead has been answered already.', 'Ce lead a déjà reçu une réponse.'));
const taken = () => new AppError('conflict', tr('Another member took this lead first.', 'Un autre membre a pris ce lead avant vous.'));
