/**
 * The SLA model: the one place that says when a clock of the service-level agreement turns
 * amber and when it runs out. Every clock is a number of business hours (the SLA targets)
 * counted from an instant in the business calendar:
 * - acceptance: from the dispatch to a member, the lead's temperature's `accept` hours. Its
 *   deadline is also when the re-assignment job takes the lead away (README, "SLA");
 * - contact: from the acceptance, the temperature's `contact` hours;
 * - qualification: from reception (or the re-qualification date), `qualify` hours.
 * A clock is at risk once `atRiskShare` of its time is used, and late after its deadline: a
 * lead accepted at the deadline itself is in time. Dispatch stores the acceptance deadline, the
 * queue, the status line, the dashboard and the monthly report all judge by these instants.
 */
import { addBusinessMs, HOUR_MS, subtractBusinessMs, type BusinessHours } from './business-hours';
import { TEMPERATURES, type Temperature } from './leads';

export interface StepTargets {
  accept: number;
  contact: number;
  quote: number;
}

/** Business hours allowed per clock (core/sla/targets.ts validates them as a setting). */
export interface SlaTargets {
  qualify: number;
  hot: StepTargets;
  warm: StepTargets;
  cold: StepTargets;
  /** Share of the allowed time after which a running clock shows as at risk. */
  atRiskShare: number;
}

/** What the model reads from the settings: the targets and the calendar they count in. */
export interface SlaSettings {
  targets: SlaTargets;
  calendar: BusinessHours;
}

/**
 * Business-time arithmetic: the calendar's by default. The dashboard, which judges thousands of
 * leads, passes its precomputed equivalent (core/kpi/business.ts; its tests compare both).
 */
export interface BusinessTime {
  /** The first instant at which `ms` business milliseconds after `from` have elapsed. */
  after(from: number, ms: number): number;
}

export interface SlaClock {
  startedAt: number;
  /** The allowed business time, in milliseconds. */
  allowedMs: number;
  /** At risk from this instant on. */
  riskAt: number;
  /** The deadline: in time at or before it, late after it. */
  dueAt: number;
}

/** A lead dispatched without a temperature is held to the warm targets. */
function stepTargets(temperature: Temperature | null, targets: SlaTargets): StepTargets {
  return targets[temperature ?? 'warm'];
}

function calendarTime(calendar: BusinessHours): BusinessTime {
  return { after: (from, ms) => addBusinessMs(from, ms, calendar) };
}

/** Whole milliseconds: the instants are stored in integer columns. */
function allowance(hours: number, share: number): { allowedMs: number; riskMs: number } {
  const allowedMs = Math.round(hours * HOUR_MS);
  return { allowedMs, riskMs: Math.round(allowedMs * share) };
}

function clock(startedAt: number, hours: number, sla: SlaSettings, time: BusinessTime = calendarTime(sla.calendar)): SlaClock {
  const { allowedMs, riskMs } = allowance(hours, sla.targets.atRiskShare);
  return { startedAt, allowedMs, riskAt: time.after(startedAt, riskMs), dueAt: time.after(startedAt, allowedMs) };
}

type Dispatched = { temperature: Temperature | null; dispatchedAt: number };
type Accepted = { temperature: Temperature | null; acceptedAt: number };

/** The acceptance clock of a lead dispatched to a member: its deadline, and when it turns amber. */
export function acceptanceClock(lead: Dispatched, sla: SlaSettings, time?: BusinessTime): SlaClock {
  return clock(lead.dispatchedAt, stepTargets(lead.temperature, sla.targets).accept, sla, time);
}

/** The acceptance deadline alone (acceptanceClock(...).dueAt), for judging many leads. */
export function acceptanceDeadline(lead: Dispatched, sla: SlaSettings, time: BusinessTime = calendarTime(sla.calendar)): number {
  return time.after(lead.dispatchedAt, allowance(stepTargets(lead.temperature, sla.targets).accept, 0).allowedMs);
}

/** The member's deadline to contact the person, from the acceptance. */
export function contactDeadline(lead: Accepted, sla: SlaSettings, time: BusinessTime = calendarTime(sla.calendar)): number {
  return time.after(lead.acceptedAt, allowance(stepTargets(lead.temperature, sla.targets).contact, 0).allowedMs);
}

/** The head office's clock to qualify a waiting lead, from its reception or re-qualification date. */
export function qualificationClock(startedAt: number, sla: SlaSettings): SlaClock {
  return clock(startedAt, sla.targets.qualify, sla);
}

export type ClockState = 'ok' | 'at_risk' | 'late';

export function clockState(c: Pick<SlaClock, 'riskAt' | 'dueAt'>, now: number): ClockState {
  return now > c.dueAt ? 'late' : now >= c.riskAt ? 'at_risk' : 'ok';
}

/**
 * The inverse of a clock, for counting many in one indexed comparison: from `now`, the latest
 * start instants of the clocks of `hours` that are at risk (riskFrom) and late (lateFrom).
 */
export interface Thresholds {
  riskFrom: number;
  lateFrom: number;
}

function thresholds(now: number, hours: number, sla: SlaSettings): Thresholds {
  const { allowedMs, riskMs } = allowance(hours, sla.targets.atRiskShare);
  // Late is strictly after the deadline: a clock started at lateFrom ran out before `now`.
  return { riskFrom: subtractBusinessMs(now, riskMs, sla.calendar), lateFrom: subtractBusinessMs(now - 1, allowedMs, sla.calendar) };
}

/** Per temperature, the dispatch instants whose acceptance clock is at risk, and late, at `now`. */
export function acceptanceThresholds(now: number, sla: SlaSettings): Record<Temperature, Thresholds> {
  return Object.fromEntries(TEMPERATURES.map((t) => [t, thresholds(now, sla.targets[t].accept, sla)])) as Record<Temperature, Thresholds>;
}

/** The reception instants whose qualification clock is at risk, and late, at `now`. */
export function qualificationThresholds(now: number, sla: SlaSettings): Thresholds {
  return thresholds(now, sla.targets.qualify, sla);
}
