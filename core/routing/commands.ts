/**
 * routing.*: the suggestion with its explanation, dispatch (accept the suggestion, or choose
 * another member with a reason), bulk dispatch, a lead's dispatches with the open one's
 * acceptance clock, versioned settings, and the SLA scan that
 * re-routes overdue leads (also run by the scheduler and from the CLI); the simulation, at once or
 * in the background with progress and cancel.
 */
import { z } from 'zod';
import { command } from '../commands/define';
import { instantSchema } from '../leads/dates';
import { claimLead, getLead } from '../leads/store';
import { expectedVersion } from '../db/row-version';
import { AppError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { dispatchLead, dispatchMany, mustGetDispatchable, routingLeadOf } from './dispatch';
import { expireOverdue, REASSIGN_SLICE } from './reassign';
import { route } from './route';
import { routingSettingsSchema } from './settings';
import { buildSnapshot } from './snapshot';
import { simulate, type SimulationInput } from './simulate';
import { cancelSimulation, simulationState, startSimulation } from './simulation-job';
import { currentSettings, dispatchesOf, listSettingsVersions, saveSettings } from './store';
import { readSettings, slaSettings } from '../settings/read';
import { acceptanceClock } from '../../common/sla';

const leadRef = z.object({ leadId: z.number().int().positive() });
const jobRef = z.object({ jobId: z.string().uuid() });

const simulationInput = z.object({
  from: instantSchema,
  to: instantSchema,
  settings: routingSettingsSchema,
  /** One per member at most. */
  coefficients: z
    .record(z.string().regex(/^\d+$/), z.number().min(0.1).max(10))
    .refine((c) => Object.keys(c).length <= 10_000, zmsg('At most 10,000 members', '10 000 membres au plus'))
    .default({}),
});

function simulationOf({ from, to, settings, coefficients }: z.infer<typeof simulationInput>): SimulationInput {
  return { from, to, settings, coefficients: Object.fromEntries(Object.entries(coefficients).map(([k, v]) => [Number(k), v])) };
}

export const routingCommands = {
  'routing.suggest': command(leadRef, (ctx, { leadId }) => {
    const lead = mustGetDispatchable(ctx, leadId);
    const settings = currentSettings(ctx.db);
    const snapshot = buildSnapshot(ctx.db, ctx.now());
    const decision = route(routingLeadOf(ctx, lead, snapshot.catalogue), snapshot, settings.settings, ctx.now());
    return { leadId, settingsVersion: settings.version, mode: settings.settings.mode, decision };
  }),
  'routing.dispatch': command(
    leadRef.extend({ memberId: z.number().int().positive().optional(), reason: z.string().max(500).optional(), expectedVersion }),
    (ctx, { leadId, memberId, reason, expectedVersion: expected }) => {
      claimLead(ctx.db, leadId, expected);
      return dispatchLead(ctx, leadId, { memberId, reason });
    },
    { durable: true },
  ),
  'routing.dispatchMany': command(z.object({ leadIds: z.array(z.number().int().positive()).min(1).max(10_000) }), (ctx, { leadIds }) => dispatchMany(ctx, leadIds), {
    ownTransactions: true,
    durable: true,
  }),
  'routing.history': command(leadRef, (ctx, { leadId }) => {
    const lead = getLead(ctx.db, leadId);
    if (!lead) throw new AppError('not_found', tr(`No lead with id ${leadId}.`, `Aucun lead n°${leadId}.`));
    // The dispatch waiting for its member's answer carries its acceptance clock (amber, deadline).
    const sla = slaSettings(readSettings(ctx));
    return dispatchesOf(ctx.db, leadId).map((d) => ({
      ...d,
      acceptance: d.outcome === 'member' && d.endedAt === null ? acceptanceClock({ temperature: lead.temperature, dispatchedAt: d.at }, sla) : null,
    }));
  }),
  'routing.settings.get': command(z.object({}), (ctx) => currentSettings(ctx.db)),
  'routing.settings.save': command(z.object({ settings: routingSettingsSchema }), (ctx, { settings }) => saveSettings(ctx.db, settings, ctx.now(), ctx.actor)),
  'routing.settings.versions': command(z.object({}), (ctx) => listSettingsVersions(ctx.db)),
  'sla.scan': command(z.object({ limit: z.number().int().min(1).max(1000).default(REASSIGN_SLICE) }), (ctx, { limit }) => expireOverdue(ctx, limit), { durable: true }),
  'routing.simulate': command(simulationInput, (ctx, input) => simulate(ctx, simulationOf(input))),
  /** The same replay in the background, with progress and cancel (the settings screen uses these). */
  'routing.simulation.start': command(simulationInput, (ctx, input) => startSimulation(ctx, simulationOf(input))),
  'routing.simulation.progress': command(jobRef, (_ctx, { jobId }) => simulationState(jobId)),
  'routing.simulation.cancel': command(jobRef, (_ctx, { jobId }) => cancelSimulation(jobId)),
};
