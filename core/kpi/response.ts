/**
 * Response speed and SLA compliance, in business hours: medians and histograms of the clocks of
 * clocks.ts, and their verdicts as of now.
 */
import { HOUR_MS } from '../sla/calendar';
import { median } from './business';
import { allClocks, clocksByDepartement, settle } from './clocks';
import { rate, type Scope } from './scope';

export const HISTOGRAM_HOURS = [1, 2, 4, 8, 24, 48, Infinity] as const;

function histogram(hours: number[]): { upTo: number | null; count: number }[] {
  const counts = HISTOGRAM_HOURS.map(() => 0);
  for (const h of hours) counts[HISTOGRAM_HOURS.findIndex((limit) => h <= limit)]!++;
  return HISTOGRAM_HOURS.map((limit, i) => ({ upTo: limit === Infinity ? null : limit, count: counts[i]! }));
}

function summary(ms: number[]) {
  const hours = ms.map((v) => v / HOUR_MS);
  return { count: hours.length, medianHours: median(hours), histogram: histogram(hours) };
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
