/** mail.*: the outbox as the head office sees it, and retrying a message; how each member receives its leads by mail (delivery.ts). */
import { z } from 'zod';
import { command } from '../commands/define';
import { AppError } from '../commands/errors';
import type { Db } from '../db/connection';
import { tr } from '../language';
import { getMember } from '../members/store';
import { memberOf } from '../extranet/scope';
import { mailDeliveryInput, mailDeliveryOf, setMailDelivery } from './delivery';
import { listOutbox, retryMessage } from './outbox';

const memberRef = z.object({ memberId: z.number().int().positive() });

function activeMember(db: Db, memberId: number): void {
  const member = getMember(db, memberId);
  if (!member || member.archivedAt !== null) throw new AppError('not_found', tr(`No active member #${memberId}.`, `Aucun membre actif n°${memberId}.`));
}

export const mailCommands = {
  'mail.outbox.list': command(
    z.object({ status: z.enum(['pending', 'sent', 'failed', 'skipped']).optional(), leadId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    (ctx, filter) => listOutbox(ctx.db, filter),
  ),
  'mail.outbox.retry': command(z.object({ id: z.number().int().positive() }), (ctx, { id }) => {
    retryMessage(ctx.db, id, ctx.now());
    return listOutbox(ctx.db, { limit: 1000 }).find((m) => m.id === id) ?? null;
  }),
  /** The head office: how a member receives its leads (one mail each, or a daily digest) and in which language. */
  'members.mail.get': command(memberRef, (ctx, { memberId }) => (activeMember(ctx.db, memberId), mailDeliveryOf(ctx.db, memberId))),
  'members.mail.set': command(memberRef.extend(mailDeliveryInput.shape), (ctx, { memberId, ...choice }) => (activeMember(ctx.db, memberId), setMailDelivery(ctx, memberId, choice))),
  /** A member administrator, for their own member (from the session). */
  'extranet.mail.get': command(z.object({}), (ctx) => mailDeliveryOf(ctx.db, memberOf(ctx).memberId)),
  'extranet.mail.set': command(mailDeliveryInput, (ctx, choice) => setMailDelivery(ctx, memberOf(ctx).memberId, choice)),
};
