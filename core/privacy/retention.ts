/**
 * The retention period: a closed lead (won, lost or discarded) whose last activity is older
 * than the period set in Settings is anonymised by the background job. The cutoff moves once a
 * day (midnight in Paris, N months back), so leads cross it together after midnight (worked off
 * in batches by the first ticks) and the other ticks of the day find nothing to do: the
 * full-text index is rebuilt once per batch on those ticks only. The query walks
 * leads_to_anonymise, which holds only leads not yet anonymised (named on SQLite; PostgreSQL's
 * planner has no INDEXED BY and picks the partial index by its predicate).
 */
import type { Context } from '../commands/define';
import { parisTime } from '../leads/dates';
import { parisDay } from '../../common/paris';
import { readSettings } from '../settings/read';
import { jsonIds } from '../db/json';
import { anonymiseBatch, emptyWal, type BatchAnonymised } from './anonymise';
import { audit } from './audit';

/** In this order in leads_to_anonymise's WHERE too (migration 30): the query repeats it so the partial index serves it. */
export const CLOSED_STATUSES = ['won', 'lost', 'discarded'] as const;

/**
 * Leads anonymised per transaction (the scheduler runs batch after batch, up to its limit per
 * tick), so the first run on an old database never holds the write lock for long.
 */
export const RETENTION_BATCH = 1000;

/** Midnight in Paris, `months` months before today (the 31st falls back to the month's last day). */
export function retentionCutoff(now: number, months: number): number {
  const [y, m, d] = parisDay(now).split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return parisTime(year, month, Math.min(d, lastDay))!;
}

/** Closed leads past the cutoff, not yet anonymised, but for those in `skip` (found damaged earlier in the tick). */
export function dueForAnonymisation(ctx: Pick<Context, 'db'>, cutoff: number, limit: number, skip: readonly number[] = []): number[] {
  return ctx.db
    .prepare(
      `SELECT id FROM leads ${ctx.db.engine === 'sqlite' ? 'INDEXED BY leads_to_anonymise' : ''}
       WHERE anonymised_at IS NULL AND status IN (${CLOSED_STATUSES.map((s) => `'${s}'`).join(', ')}) AND received_at < @cutoff
         AND coalesce((SELECT max(at) FROM lead_events e WHERE e.lead_id = leads.id), received_at) < @cutoff
         AND id NOT IN ${jsonIds(ctx.db.engine, '@skip')}
       LIMIT @limit`,
    )
    .pluck()
    .all({ cutoff, limit, skip: JSON.stringify(skip) }) as number[];
}

export interface RetentionBatch {
  anonymised: number;
  cutoff: number;
  /** Leads of the batch that could not be anonymised (a damaged row): left as they were, the others done. */
  damaged: BatchAnonymised['damaged'];
}

/**
 * One batch of the retention job, in one transaction; logged when it anonymised anything or
 * met a damaged lead (see anonymiseBatch). `skip`: leads already found damaged this tick, so
 * the next batches do not stumble on them again.
 */
export function applyRetention(ctx: Context, limit = RETENTION_BATCH, skip: readonly number[] = []): RetentionBatch {
  const result = ctx.db.transaction(() => {
    const months = readSettings(ctx)['privacy.retentionMonths'];
    const cutoff = retentionCutoff(ctx.now(), months);
    const ids = dueForAnonymisation(ctx, cutoff, limit, skip);
    const { leadIds, damaged } = ids.length ? anonymiseBatch(ctx, ids) : { leadIds: [], damaged: [] };
    if (leadIds.length || damaged.length) {
      audit(ctx, 'retention.anonymise', `< ${parisDay(cutoff)}`, { months, cutoff, count: leadIds.length, leadIds, ...(damaged.length ? { damaged: damaged.map((d) => d.leadId) } : {}) });
    }
    return { anonymised: leadIds.length, cutoff, damaged };
  })();
  if (result.anonymised) emptyWal(ctx);
  return result;
}
