/**
 * Dispatching a lead: run the routing decision against the network, then record it — the
 * dispatch row with its full explanation (the owner history), the lead's new status and owner,
 * an event on the timeline, and the e-mail to the member in the outbox. A manual choice
 * overrides the suggestion and must say why.
 */
import type { Context } from '../commands/define';
import { prepared } from '../db/connection';
import { AppError, fieldError } from '../commands/errors';
import { tr } from '../language';
import { addEvent, getLead, updateColumns } from '../leads/store';
import type { Lead } from '../leads/schema';
import type { Member } from '../members/schema';
import { getMember } from '../members/store';
import { acceptanceDeadline } from '../../common/sla';
import type { Temperature } from '../../common/leads';
import { readSettings, slaSettings } from '../settings/read';
import type { Settings } from '../settings/registry';
import { enqueueDispatchMail } from '../mail/dispatch-mail';
import { route } from './route';
import { buildSnapshot, recordAssignment, type LiveSnapshot } from './snapshot';
import { resolveLeadProduct, type Catalogue } from '../products/catalogue';
import { currentSettings, excludedMembers, insertDispatch, openDispatchRef, type SettingsVersion } from './store';
import type { Decision, RoutingLead } from './types';

/** Statuses from which a lead can be (re)dispatched. */
const DISPATCHABLE = new Set<Lead['status']>(['qualified', 'declined']);

export function routingLeadOf(ctx: Pick<Context, 'db'>, lead: Lead, catalogue: Catalogue): RoutingLead {
  return {
    id: lead.id,
    point: lead.lat !== null && lead.lon !== null ? { lat: lead.lat, lon: lead.lon } : null,
    ...resolveLeadProduct(catalogue, lead.product),
    temperature: lead.temperature,
    excludedMemberIds: excludedMembers(ctx.db, lead.id),
  };
}

export function mustGetDispatchable(ctx: Context, leadId: number): Lead {
  return dispatchable(ctx, leadId).lead;
}

/** The lead if it can be dispatched, with its open dispatch (a head-office one, which a dispatch replaces). */
export function dispatchable(ctx: Context, leadId: number, rerouting = false): { lead: Lead; open: ReturnType<typeof openDispatchRef> } {
  const lead = getLead(ctx.db, leadId);
  if (!lead) throw new AppError('not_found', tr(`No lead with id ${leadId}.`, `Aucun lead n°${leadId}.`));
  const allowed = DISPATCHABLE.has(lead.status) || (rerouting && lead.status === 'dispatched');
  const open = allowed ? openDispatchRef(ctx.db, leadId) : undefined;
  if (!allowed || open?.outcome === 'member') {
    throw new AppError(
      'conflict',
      tr(
        `Lead ${leadId} is ${lead.status}: only qualified or declined leads can be dispatched.`,
        `Le lead n°${leadId} est « ${lead.status} » : seuls les leads qualifiés ou refusés peuvent être aiguillés.`,
      ),
    );
  }
  return { lead, open };
}

/**
 * What many dispatches made at one instant share, read from the database once: the routing
 * settings, the network snapshot (updated as leads are assigned), the app's settings and the
 * acceptance deadlines already computed for that instant. Bulk dispatch and the re-assignment
 * job route every lead of a run against one.
 */
export interface DispatchRun {
  at: number;
  settings: SettingsVersion;
  snapshot: LiveSnapshot;
  app: Settings;
  /** Acceptance deadline by temperature (null: none given), for leads dispatched at `at`. */
  deadlines: Map<Temperature | null, number>;
  /** Members read for their mails so far. */
  members: Map<number, Member>;
}

export function startRun(ctx: Context): DispatchRun {
  const at = ctx.now();
  return { at, settings: currentSettings(ctx.db), snapshot: buildSnapshot(ctx.db, at), app: readSettings(ctx), deadlines: new Map(), members: new Map() };
}

export interface DispatchOptions {
  memberId?: number;
  reason?: string;
  run?: DispatchRun;
  /** Re-assignment: the lead may still read "dispatched", its member's dispatch having just ended (expired or declined). */
  rerouting?: boolean;
  /** The lead's new count of re-assignments, written with its new status and owner. */
  reassignments?: number;
}

export interface DispatchResult {
  leadId: number;
  dispatchId: number;
  outcome: Decision['outcome'];
  memberId: number | null;
  manual: boolean;
  decision: Decision;
}

/**
 * A lead's dispatch as routing decided it against a run, nothing written yet: what
 * writeDispatches records.
 */
export interface DispatchPlan {
  lead: Lead;
  /** Its open head-office dispatch, which the new one replaces. */
  previousId: number | null;
  decision: Decision;
  outcome: Decision['outcome'];
  memberId: number | null;
  manualReason: string | null;
  acceptDueAt: number | null;
  /** More of the lead's columns, written with its new status and owner. */
  columns: Record<string, unknown>;
}

export function dispatchLead(ctx: Context, leadId: number, options: DispatchOptions = {}): DispatchResult {
  const found = dispatchable(ctx, leadId, options.rerouting);
  const run = options.run ?? startRun(ctx);
  const plan = planDispatch(ctx, found, run, options);
  const [dispatchId] = writeDispatches(ctx, run, [plan]);
  // Last, once every write of the dispatch went through: a write that fails rolls the lead
  // back, and the run's snapshot must not keep a load the database does not have.
  if (plan.memberId !== null) recordAssignment(run.snapshot, plan.memberId, ctx.now());
  return { leadId, dispatchId: dispatchId!, outcome: plan.outcome, memberId: plan.memberId, manual: plan.manualReason !== null, decision: plan.decision };
}

/** Routes a dispatchable lead against the run (its snapshot left as it is: the caller counts the assignment). */
export function planDispatch(ctx: Context, { lead, open }: ReturnType<typeof dispatchable>, run: DispatchRun, options: DispatchOptions = {}): DispatchPlan {
  const now = ctx.now();
  const decision = route(routingLeadOf(ctx, lead, run.snapshot.catalogue), run.snapshot, run.settings.settings, now);
  const manual = options.memberId !== undefined;
  if (manual) checkManualChoice(ctx, options.memberId!, options.reason);
  const outcome = manual ? ({ kind: 'member', memberId: options.memberId! } as const) : decision.outcome;
  const memberId = outcome.kind === 'member' ? outcome.memberId : null;
  return {
    lead,
    previousId: open?.id ?? null,
    decision,
    outcome,
    memberId,
    manualReason: manual ? options.reason!.trim() : null,
    // A pooled lead's claim deadline is the same clock from its publication (pool-expiry.ts).
    acceptDueAt: memberId !== null || outcome.kind === 'pool' ? acceptDeadline(run, lead, now) : null,
    columns: options.reassignments === undefined ? {} : { reassignments: options.reassignments },
  };
}

/**
 * Records planned dispatches of one instant: the dispatch rows (the owner history), the leads'
 * new status and owner, their timeline events and the members' mails. One kind of row at a time
 * across the plans (every dispatch row, then every lead, ...): a slice of the re-assignment job
 * writes hundreds, and running one statement and its triggers over all of them keeps SQLite's
 * pages and code warm (a quarter less CPU than lead by lead). Gives the dispatch ids in plan order.
 */
export function writeDispatches(ctx: Context, run: DispatchRun, plans: DispatchPlan[]): number[] {
  const now = ctx.now();
  const version = run.settings.version;
  for (const p of plans) if (p.previousId !== null) prepared(ctx.db, "UPDATE dispatches SET ended_at = ?, end_reason = 'cancelled' WHERE id = ?").run(now, p.previousId);
  const ids = plans.map((p) =>
    insertDispatch(ctx.db, {
      leadId: p.lead.id,
      outcome: p.outcome.kind,
      memberId: p.memberId,
      manualReason: p.manualReason,
      settingsVersion: version,
      decision: p.decision,
      at: now,
      actor: ctx.actor,
      acceptDueAt: p.acceptDueAt,
      offeredTo: p.outcome.kind === 'pool' ? p.outcome.memberIds : [],
    }),
  );
  const onLead = plans.map((p, i) => outcomeOnLead(p, ids[i]!, version));
  plans.forEach((p, i) => updateColumns(ctx.db, p.lead.id, { ...p.columns, ...onLead[i]!.columns }, now));
  plans.forEach((p, i) => addEvent(ctx.db, p.lead.id, onLead[i]!.event, now, ctx.actor, onLead[i]!.data));
  plans.forEach((p, i) => {
    if (p.memberId === null) return;
    let member = run.members.get(p.memberId);
    if (!member) run.members.set(p.memberId, (member = getMember(ctx.db, p.memberId)!));
    enqueueDispatchMail(ctx, p.lead, ids[i]!, member, run.app);
  });
  return ids;
}

function checkManualChoice(ctx: Context, memberId: number, reason: string | undefined): void {
  const member = ctx.db.prepare('SELECT id FROM members WHERE id = ? AND archived_at IS NULL').get(memberId);
  if (!member) throw fieldError('not_found', 'memberId', tr(`No active member with id ${memberId}.`, `Aucun membre actif n°${memberId}.`));
  if (!reason || reason.trim().length < 3) {
    throw fieldError('invalid_input', 'reason', tr('Say why you choose another member than the suggestion.', 'Indiquez pourquoi vous choisissez un autre membre que la suggestion.'));
  }
}

/** The lead's acceptance deadline (common/sla.ts), computed once per run and temperature. */
function acceptDeadline(run: DispatchRun, lead: Lead, now: number): number {
  const due = () => acceptanceDeadline({ temperature: lead.temperature, dispatchedAt: now }, slaSettings(run.app));
  if (now !== run.at) return due();
  let deadline = run.deadlines.get(lead.temperature);
  if (deadline === undefined) run.deadlines.set(lead.temperature, (deadline = due()));
  return deadline;
}

/** The lead's new status and owner after the dispatch, and the event its timeline gets. */
function outcomeOnLead(plan: DispatchPlan, dispatchId: number, version: number | null): { columns: Record<string, unknown>; event: string; data: object } {
  const { outcome } = plan;
  switch (outcome.kind) {
    case 'member':
      return {
        columns: { status: 'dispatched', owner_member_id: outcome.memberId },
        event: 'dispatched',
        data: { dispatchId, memberId: outcome.memberId, manual: plan.manualReason !== null, reason: plan.manualReason, settingsVersion: version, acceptDueAt: plan.acceptDueAt },
      };
    case 'pool':
      return {
        columns: { status: 'dispatched', owner_member_id: null },
        event: 'published',
        data: { dispatchId, memberIds: outcome.memberIds, settingsVersion: version, claimDueAt: plan.acceptDueAt },
      };
    case 'head_office':
      return { columns: { status: 'qualified', owner_member_id: null }, event: 'routed_to_head_office', data: { dispatchId, reason: outcome.reason, settingsVersion: version } };
    default: {
      const never: never = outcome;
      throw new Error(`Unknown outcome ${JSON.stringify(never)}`);
    }
  }
}

export interface BulkSummary {
  dispatched: number;
  pooled: number;
  headOffice: number;
  failed: { leadId: number; message: string }[];
  byMember: { memberId: number; count: number }[];
}

/** Dispatches many leads against one snapshot (updated as it goes), each lead on its own: one failure does not stop the rest. */
export function dispatchMany(ctx: Context, leadIds: number[]): BulkSummary {
  const run = startRun(ctx);
  const summary: BulkSummary = { dispatched: 0, pooled: 0, headOffice: 0, failed: [], byMember: [] };
  const perMember = new Map<number, number>();
  for (const leadId of leadIds) {
    try {
      const r = ctx.db.transaction(() => dispatchLead(ctx, leadId, { run }))();
      if (r.outcome.kind === 'member') {
        summary.dispatched++;
        perMember.set(r.outcome.memberId, (perMember.get(r.outcome.memberId) ?? 0) + 1);
      } else if (r.outcome.kind === 'pool') summary.pooled++;
      else summary.headOffice++;
    } catch (error) {
      summary.failed.push({ leadId, message: error instanceof AppError ? error.message : String(error) });
    }
  }
  summary.byMember = [...perMember].map(([memberId, count]) => ({ memberId, count })).sort((a, b) => b.count - a.count || a.memberId - b.memberId);
  return summary;
}
