/**
 * Response speed and SLA compliance, in business hours: medians and histograms of the clocks of
 * clocks.ts, and their verdicts as of now.
 */
import { HOUR_MS } from '../../common/business-hours';
import { clocksOfAll, settle } from './clocks';
import { countWhile, medianOfRuns, runsSize, type Runs } from './runs';
import { rate, type Scope } from './scope';

export const HISTOGRAM_HOURS = [1, 2, 4, 8, 24, 48, Infinity] as const;

/**
 * Count, median and histogram of durations (ms) kept as sorted runs: each bucket of the
 * histogram ends where the values pass its limit, found by bisection in each run rather than by
 * placing a year of durations one by one.
 */
function summary(runs: Runs) {
  const n = runsSize(runs);
  let counted = 0;
  const histogram = HISTOGRAM_HOURS.map((limit) => {
    const upTo = limit === Infinity ? n : countWhile(runs, (ms) => ms / HOUR_MS <= limit);
    const count = upTo - counted;
    counted = upTo;
    return { upTo: limit === Infinity ? null : limit, count };
  });
  return { count: n, medianHours: medianOfRuns(runs, HOUR_MS), histogram };
}

export function response(scope: Scope) {
  const clocks = clocksOfAll(scope);
  const sla = settle(clocks, scope.now);
  const decided = (s: { met: number; missed: number }) => s.met + s.missed;
  return {
    accept: summary(clocks.accept),
    contact: summary(clocks.contact),
    quote: summary(clocks.quote),
    sla: {
      accept: { ...sla.accept, compliance: rate(sla.accept.met, decided(sla.accept)) },
      contact: { ...sla.contact, compliance: rate(sla.contact.met, decided(sla.contact)) },
    },
  };
}
