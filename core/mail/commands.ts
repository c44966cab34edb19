/** mail.*: the outbox as the head office sees it, and retrying a message. */
import { z } from 'zod';
import { command } from '../commands/define';
import { listOutbox, retryMessage } from './outbox';

export const mailCommands = {
  'mail.outbox.list': command(
    z.object({ status: z.enum(['pending', 'sent', 'failed', 'skipped']).optional(), leadId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    (ctx, filter) => listOutbox(ctx.db, filter),
  ),
  'mail.outbox.retry': command(z.object({ id: z.number().int().positive() }), (ctx, { id }) => {
    retryMessage(ctx.db, id, ctx.now());
    return listOutbox(ctx.db, { limit: 1000 }).find((m) => m.id === id) ?? null;
  }),
};
