/**
 * Response speed and SLA compliance, in business hours: medians and histograms of the clocks of
 * clocks.ts, and their verdicts as of now.
 */
import { HOUR_MS } from '../../common/business-hours';
import { allClocks, clocksByDepartement, settle } from './clocks';
import { rate, type Scope } from './scope';

export const HISTOGRAM_HOURS = [1, 2, 4, 8, 24, 48, Infinity] as const;

/**
 * Count, median and histogram of durations (ms), from one sort: on sorted durations each
 * bucket of the histogram ends where they pass its limit, found by bisection rather than by
 * placing a year of durations one by one.
 */
function summary(ms: number[]) {
  const sorted = Float64Array.from(ms).sort();
  const n = sorted.length;
  const hours = (i: number) => sorted[i]! / HOUR_MS;
  const mid = n >> 1;
  const medianHours = n === 0 ? null : n % 2 ? hours(mid) : (hours(mid - 1) + hours(mid)) / 2;
  let start = 0;
  const histogram = HISTOGRAM_HOURS.map((limit) => {
    let lo = start;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (hours(m) <= limit) lo = m + 1;
      else hi = m;
    }
    const count = lo - start;
    start = lo;
    return { upTo: limit === Infinity ? null : limit, count };
  });
  return { count: n, medianHours, histogram };
}

export function response(scope: Scope) {
  const clocks = allClocks(clocksByDepartement(scope));
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
