/**
 * What happens after dispatch, as the member reports it: accepted, declined (the lead goes
 * straight back to routing, without that member), contacted, quotes, follow-ups, won with an
 * amount, lost with a reason. Each answer is an event; the lead row keeps the current status.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { addEvent, claimLead, getLead, updateColumns } from '../leads/store';
import { expectedVersion } from '../db/row-version';
import type { Lead } from '../leads/schema';
import { STEP_RULES, STEPS } from '../../common/leads';
import { endDispatch, openDispatch } from '../routing/store';
import { reroute } from '../routing/reassign';
import { asHeadOffice } from '../db/row-security';

export const stepInput = z
  .object({
    leadId: z.number().int().positive(),
    step: z.enum(STEPS, zmsg(`Step must be one of: ${STEPS.join(', ')}`, `L’étape doit être : ${STEPS.join(', ')}`)),
    reason: z.string().trim().max(500).default(''),
    amountCents: z.number().int().min(0).max(100_000_000_00).nullable().default(null),
    /** A follow-up's next action date (local YYYY-MM-DD). */
    nextActionOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, zmsg('A date as YYYY-MM-DD', 'Une date AAAA-MM-JJ'))
      .optional(),
    /** A claim's member; on an accept or a decline, the member whose dispatch it must answer. */
    memberId: z.number().int().positive().optional(),
    at: z.number().int().positive().optional(),
    expectedVersion,
  })
  .refine((s) => !(s.step === 'declined' || s.step === 'lost') || s.reason.length > 0, {
    path: ['reason'],
    ...zmsg('Give the reason', 'Indiquez la raison'),
  })
  .refine((s) => s.step !== 'won' || s.amountCents !== null, { path: ['amountCents'], ...zmsg('Give the amount of the sale', 'Indiquez le montant de la vente') })
  .refine((s) => s.step !== 'claimed' || s.memberId !== undefined, { path: ['memberId'], ...zmsg('Say which member claims the lead', 'Indiquez quel membre prend le lead') });
export type StepInput = z.output<typeof stepInput>;

export function recordStep(ctx: Context, input: StepInput): Lead {
  const lead = getLead(ctx.db, input.leadId);
  if (!lead) throw new AppError('not_found', tr(`No lead with id ${input.leadId}.`, `Aucun lead n°${input.leadId}.`));
  claimLead(ctx.db, lead.id, input.expectedVersion);
  const rule = STEP_RULES[input.step];
  if (!rule.from.includes(lead.status)) {
    throw new AppError('conflict', tr(`Cannot record "${input.step}" on a lead that is ${lead.status}.`, `Impossible d’enregistrer « ${input.step} » sur un lead au statut « ${lead.status} ».`));
  }
  const at = input.at ?? ctx.now();
  const dispatch = openDispatch(ctx.db, lead.id);
  if (input.step === 'accepted' || input.step === 'declined') {
    if (!dispatch || dispatch.outcome !== 'member') throw new AppError('conflict', tr('This lead is not assigned to a member.', 'Ce lead n’est attribué à aucun membre.'));
    // A member answering for itself (the extranet) answers its own dispatch, not the one a re-assignment gave another member meanwhile.
    if (input.memberId !== undefined && dispatch.memberId !== input.memberId) throw answeredMeanwhile();
    if (!endDispatch(ctx.db, dispatch.id, input.step, at)) throw answeredMeanwhile();
  }
  if (input.step === 'claimed') claim(ctx, lead, input.memberId!, at);
  if (rule.to) updateColumns(ctx.db, lead.id, { status: rule.to }, at);
  addEvent(ctx.db, lead.id, input.step, at, ctx.actor, {
    memberId: input.memberId ?? dispatch?.memberId ?? null,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.amountCents !== null ? { amountCents: input.amountCents } : {}),
    ...(input.nextActionOn ? { nextActionOn: input.nextActionOn } : {}),
  });
  // A member's decline: the network re-routes the lead, which the member's row-security scope may not do.
  if (input.step === 'declined') asHeadOffice(ctx.db, () => reroute(ctx, lead.id, 'declined'));
  return getLead(ctx.db, lead.id)!;
}

/** Another answer ended the dispatch between our read and our write (another process's claim, the re-assignment job). */
const answeredMeanwhile = () =>
  new AppError('conflict', tr('Someone else answered for this lead a moment ago; nothing was recorded.', 'Quelqu’un d’autre a répondu pour ce lead à l’instant ; rien n’a été enregistré.'));

/** Pull mode: a member offered the pooled lead takes it; the head office records who. */
function claim(ctx: Context, lead: Lead, memberId: number, at: number): void {
  const dispatch = openDispatch(ctx.db, lead.id);
  if (!dispatch || dispatch.outcome !== 'pool') throw new AppError('conflict', tr('This lead is not in the pool.', 'Ce lead n’est pas dans le pot commun.'));
  if (!dispatch.offeredTo.includes(memberId)) {
    throw new AppError('invalid_input', tr('This member was not offered the lead.', 'Ce lead n’a pas été proposé à ce membre.'), [
      { path: ['memberId'], message: tr('Not offered to this member', 'Non proposé à ce membre') },
    ]);
  }
  // The lead becomes the member's before the pool's dispatch ends: a member's row-security scope
  // sees a pooled lead only while it is offered (core/db/migrations/0024); a lost race rolls both back.
  updateColumns(ctx.db, lead.id, { owner_member_id: memberId }, at);
  if (!endDispatch(ctx.db, dispatch.id, 'claimed', at)) throw answeredMeanwhile();
}
