/**
 * Writing leads: create (with score, event and duplicate check), edit with an event listing
 * the changed fields, and status changes. Commands and the demo seeding go through here.
 */
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { findInDb, recordDuplicate, type DuplicateReason } from './duplicates';
import { prepareLead, type Issue, type RawLead } from './prepare';
import type { LeadInput } from './schema';
import { computeScore, readScoring, type Scoring } from './scoring';
import { EMPTY_AINT, EMPTY_BANT, type Aint, type Bant, type Lead, type LeadFields, type LeadStatus, type Temperature } from './schema';

export { EMPTY_AINT, EMPTY_BANT };
import { addEvent, columnValue, FIELD_COLUMNS, getLead, insertLead, updateColumns } from './store';

export function mustGetLead(ctx: Pick<Context, 'db'>, id: number): Lead {
  const lead = getLead(ctx.db, id);
  if (!lead) throw new AppError('not_found', tr(`No lead with id ${id}.`, `Aucun lead n°${id}.`));
  return lead;
}

export function invalid(errors: Issue[]): AppError {
  return new AppError(
    'invalid_input',
    `${tr('Invalid input', 'Saisie invalide')}: ${errors[0]!.message}`,
    errors.map((e) => ({ path: [e.field], message: e.message })),
  );
}

/** The raw text a form sends, as the shared normaliser reads it. */
export function rawOf(input: Partial<LeadInput>): RawLead {
  const raw: RawLead = {};
  for (const k of ['civility', 'firstName', 'lastName', 'phone', 'email', 'company', 'address', 'postalCode', 'city', 'country', 'source', 'channel', 'campaign', 'product', 'comment'] as const) {
    if (input[k] !== undefined) raw[k] = input[k];
  }
  if (input.companySize !== undefined && input.companySize !== null) raw.companySize = String(input.companySize);
  return raw;
}

/** Manual-entry values that are not text: dates and the consent record. */
function overlay(fields: LeadFields, input: Partial<LeadInput>): LeadFields {
  const out = { ...fields };
  if (input.receivedAt != null) out.receivedAt = input.receivedAt;
  if (input.consentAt !== undefined) out.consentAt = input.consentAt;
  if (input.consentHow !== undefined) out.consentHow = input.consentHow;
  if (input.consentFor !== undefined) out.consentFor = input.consentFor;
  return out;
}

export interface CreatedLead {
  lead: Lead;
  warnings: Issue[];
  duplicates: { id: number; reasons: DuplicateReason[] }[];
}

export function createLead(ctx: Context, input: LeadInput, scoring: Scoring = readScoring(ctx.db)): CreatedLead {
  const now = ctx.now();
  const prepared = prepareLead(rawOf(input), { now, consentHow: input.consentHow });
  if (prepared.errors.length) throw invalid(prepared.errors);
  const fields = overlay(prepared.fields, input);
  const score = computeScore({ ...fields, bant: EMPTY_BANT, aint: EMPTY_AINT }, scoring);
  const dupes = findInDb(ctx.db, fields);
  const id = insertLead(ctx.db, { fields, score: score.score, scoreBreakdown: score.breakdown }, now);
  addEvent(ctx.db, id, 'created', now, ctx.actor, { via: 'manual', warnings: prepared.warnings.map((w) => w.message) });
  for (const [other, reasons] of dupes) recordDuplicate(ctx.db, id, other, null, reasons, now);
  return { lead: getLead(ctx.db, id)!, warnings: prepared.warnings, duplicates: [...dupes].map(([id, reasons]) => ({ id, reasons })) };
}

/** Applies edits through the normaliser; records the changed fields (before -> after). */
export function updateLead(ctx: Context, id: number, changes: Partial<LeadInput>): { lead: Lead; warnings: Issue[] } {
  const current = mustGetLead(ctx, id);
  const raw = { ...rawOf(current as unknown as LeadInput), ...rawOf(changes) };
  const prepared = prepareLead(raw, { now: current.receivedAt });
  if (prepared.errors.length) throw invalid(prepared.errors);
  // What came from the source and no form edits (its reference, budget and timeline as written, extra columns) stays.
  const kept = {
    receivedAt: current.receivedAt,
    consentAt: current.consentAt,
    consentHow: current.consentHow,
    consentFor: current.consentFor,
    externalRef: current.externalRef,
    budgetText: current.budgetText,
    timelineText: current.timelineText,
    extra: current.extra,
  };
  const next = overlay({ ...prepared.fields, ...kept }, changes);
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as (keyof LeadFields)[]) {
    if (columnValue(next[key]) !== columnValue(current[key])) changed[key] = { from: current[key], to: next[key] };
  }
  if (Object.keys(changed).length === 0) return { lead: current, warnings: prepared.warnings };
  const now = ctx.now();
  rescoreWith(ctx, id, { ...next, bant: current.bant, aint: current.aint }, Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.to])) as Partial<LeadFields>);
  addEvent(ctx.db, id, 'updated', now, ctx.actor, { changes: changed });
  return { lead: mustGetLead(ctx, id), warnings: prepared.warnings };
}

function rescoreWith(ctx: Context, id: number, scored: LeadFields & { bant: Bant; aint: Aint }, fieldChanges: Partial<LeadFields>): void {
  const score = computeScore(scored, readScoring(ctx.db));
  const columns: Record<string, unknown> = { score: score.score, score_breakdown: JSON.stringify(score.breakdown) };
  for (const [k, v] of Object.entries(fieldChanges) as [keyof LeadFields, LeadFields[keyof LeadFields]][]) columns[FIELD_COLUMNS[k]] = columnValue(v);
  updateColumns(ctx.db, id, columns, ctx.now());
}

const QUALIFIABLE: LeadStatus[] = ['new', 'qualified', 'nurturing'];

function assertStatus(lead: Lead, allowed: LeadStatus[], action: string): void {
  if (!allowed.includes(lead.status)) {
    throw new AppError('conflict', tr(`A lead that is ${lead.status} cannot be ${action}.`, `Un lead au statut « ${lead.status} » ne peut pas être ${action}.`));
  }
}

export function qualifyLead(ctx: Context, id: number, temperature: Temperature, bant: Bant | undefined, aint: Aint | undefined): Lead {
  const lead = mustGetLead(ctx, id);
  assertStatus(lead, QUALIFIABLE, 'qualified');
  const nextBant = bant ?? lead.bant;
  const nextAint = aint ?? lead.aint;
  const score = computeScore({ ...lead, bant: nextBant, aint: nextAint }, readScoring(ctx.db));
  updateColumns(
    ctx.db,
    id,
    {
      status: 'qualified',
      temperature,
      requalify_on: null,
      bant: JSON.stringify(nextBant),
      aint: JSON.stringify(nextAint),
      score: score.score,
      score_breakdown: JSON.stringify(score.breakdown),
    },
    ctx.now(),
  );
  addEvent(ctx.db, id, 'qualified', ctx.now(), ctx.actor, { from: lead.status, temperature, suggestedTemperature: score.suggestedTemperature, score: score.score, bant: nextBant, aint: nextAint });
  return mustGetLead(ctx, id);
}

export function discardLead(ctx: Context, id: number, reason: string): Lead {
  const lead = mustGetLead(ctx, id);
  assertStatus(lead, QUALIFIABLE, 'discarded');
  updateColumns(ctx.db, id, { status: 'discarded', requalify_on: null }, ctx.now());
  addEvent(ctx.db, id, 'discarded', ctx.now(), ctx.actor, { from: lead.status, reason });
  return mustGetLead(ctx, id);
}

export function nurtureLead(ctx: Context, id: number, requalifyOn: string, today: string): Lead {
  const lead = mustGetLead(ctx, id);
  assertStatus(lead, QUALIFIABLE, 'nurtured');
  if (requalifyOn <= today)
    throw new AppError('invalid_input', tr('The re-qualification date must be in the future.', 'La date de requalification doit être dans le futur.'), [
      { path: ['requalifyOn'], message: tr('Must be after today', 'Doit être après aujourd’hui') },
    ]);
  updateColumns(ctx.db, id, { status: 'nurturing', requalify_on: requalifyOn, temperature: lead.temperature ?? 'cold' }, ctx.now());
  addEvent(ctx.db, id, 'nurturing', ctx.now(), ctx.actor, { from: lead.status, requalifyOn });
  return mustGetLead(ctx, id);
}
