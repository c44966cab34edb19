/**
 * leads.*: manual entry, the lead sheet (with its timeline and score breakdown), search,
 * edits, the qualifier's decisions (qualify, discard, nurture) and duplicate merging.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { parisDay } from '../../common/paris';
import { fillableColumns, listDuplicates } from './duplicates';
import { aintSchema, bantSchema, isoDate, leadChanges, leadId, leadInput, TEMPERATURES } from './schema';
import { exportInput, leadsCsv } from './export';
import { pickCommune } from './place';
import { listInput, listLeads } from './search';
import { computeScore, readScoring } from './scoring';
import { createLead, discardLead, mustGetLead, nurtureLead, qualifyLead, updateLead } from './service';
import { addEvent, claimLead, listEvents, updateColumns } from './store';
import { expectedVersion } from '../db/row-version';

export const leadsCommands = {
  'leads.create': command(leadInput, (ctx, input) => createLead(ctx, input)),
  'leads.get': command(leadId, (ctx, { id }) => {
    const lead = mustGetLead(ctx, id);
    const score = computeScore(lead, readScoring(ctx.db));
    return { lead, events: listEvents(ctx.db, id), score: { value: lead.score, breakdown: lead.scoreBreakdown, suggestedTemperature: score.suggestedTemperature } };
  }),
  'leads.list': command(listInput, (ctx, input) => listLeads(ctx.db, input)),
  'leads.exportCsv': command(exportInput, (ctx, input) => leadsCsv(ctx.db, input, ctx.now())),
  'leads.update': command(leadId.extend({ ...leadChanges.shape, expectedVersion }), (ctx, { id, expectedVersion: expected, ...changes }) => {
    claimLead(ctx.db, id, expected);
    return updateLead(ctx, id, dropUndefined(changes));
  }),
  'leads.qualify': command(
    leadId.extend({ temperature: z.enum(TEMPERATURES), bant: bantSchema.optional(), aint: aintSchema.optional(), expectedVersion }),
    (ctx, { id, temperature, bant, aint, expectedVersion: expected }) => (claimLead(ctx.db, id, expected), qualifyLead(ctx, id, temperature, bant, aint)),
  ),
  'leads.discard': command(
    leadId.extend({ reason: z.string().trim().min(1).max(500), expectedVersion }),
    (ctx, { id, reason, expectedVersion: expected }) => (claimLead(ctx.db, id, expected), discardLead(ctx, id, reason)),
  ),
  'leads.nurture': command(
    leadId.extend({ requalifyOn: isoDate, expectedVersion }),
    (ctx, { id, requalifyOn, expectedVersion: expected }) => (claimLead(ctx.db, id, expected), nurtureLead(ctx, id, requalifyOn, parisDay(ctx.now()))),
  ),
  'leads.duplicates': command(
    z.object({ importId: z.number().int().positive().optional(), leadId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(2000).default(500) }),
    (ctx, { importId, leadId, limit }) => listDuplicates(ctx.db, { importId, leadId }, limit),
  ),
  'leads.pickCommune': command(
    leadId.extend({
      insee: z
        .string()
        .trim()
        .regex(/^[0-9][0-9AB][0-9]{3}$/i),
    }),
    (ctx, { id, insee }) => pickCommune(ctx, id, insee.toUpperCase()),
  ),
  'leads.merge': command(z.object({ keepId: z.number().int().positive(), mergeId: z.number().int().positive() }), (ctx, { keepId, mergeId }) => mergeLeads(ctx, keepId, mergeId)),
};

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Keeps one lead: its empty fields take the other's values, the other's events move over
 * (the timeline stays whole), a "merged" event records what came from where, and the other
 * lead is deleted (its duplicate proposals with it).
 */
export function mergeLeads(ctx: Context, keepId: number, mergeId: number) {
  if (keepId === mergeId) throw new AppError('invalid_input', tr('A lead cannot be merged into itself.', 'Un lead ne peut pas être fusionné avec lui-même.'));
  const keep = mustGetLead(ctx, keepId);
  const merged = mustGetLead(ctx, mergeId);
  const filled = fillableColumns(keep, merged);
  const now = ctx.now();
  ctx.db.prepare('UPDATE lead_events SET lead_id = ? WHERE lead_id = ?').run(keepId, mergeId);
  // Re-point the merged lead's other proposals to the kept lead, except those the kept lead already has; the rest go with the merged lead.
  const ids = { keep: keepId, merge: mergeId };
  ctx.db
    .prepare(
      `UPDATE lead_duplicates SET lead_id = @keep WHERE lead_id = @merge AND other_id <> @keep
       AND NOT EXISTS (SELECT 1 FROM lead_duplicates x WHERE x.lead_id = @keep AND x.other_id = lead_duplicates.other_id)`,
    )
    .run(ids);
  ctx.db
    .prepare(
      `UPDATE lead_duplicates SET other_id = @keep WHERE other_id = @merge AND lead_id <> @keep
       AND NOT EXISTS (SELECT 1 FROM lead_duplicates x WHERE x.other_id = @keep AND x.lead_id = lead_duplicates.lead_id)`,
    )
    .run(ids);
  ctx.db.prepare('DELETE FROM leads WHERE id = ?').run(mergeId);
  if (Object.keys(filled).length) updateColumns(ctx.db, keepId, filled, now);
  // Keep the earliest reception: the SLA clock started with the first contact.
  if (merged.receivedAt < keep.receivedAt) updateColumns(ctx.db, keepId, { received_at: merged.receivedAt }, now);
  addEvent(ctx.db, keepId, 'merged', now, ctx.actor, { mergedId: mergeId, filled: Object.keys(filled), merged });
  return mustGetLead(ctx, keepId);
}
