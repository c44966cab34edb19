/**
 * Response speed and SLA compliance, in business hours. SQL fetches the few timestamps of the
 * filtered leads that reached dispatch; TypeScript turns them into business durations (with the
 * prefix-sum clock) and medians. Clocks follow core/sla/targets: "accept" runs from the dispatch
 * that was accepted, "contact" and "quote" from the acceptance.
 */
import { HOUR_MS } from '../sla/calendar';
import { businessClock, median } from './business';
import { rate, where, type Scope } from './scope';

export const HISTOGRAM_HOURS = [1, 2, 4, 8, 24, 48, Infinity] as const;

type Row = [temperature: string | null, owner: number | null, dispatchedAt: number, acceptStart: number | null, acceptedAt: number | null, contactedAt: number | null, quotedAt: number | null];

interface Durations {
  accept: number[];
  contact: number[];
  quote: number[];
}

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
  const w = where(scope, { extra: 'f.dispatched_at IS NOT NULL' });
  const rows = scope.db
    .prepare(`SELECT f.temperature, f.owner_member_id, f.dispatched_at, f.accept_started_at, f.accepted_at, f.contacted_at, f.quoted_at ${w.sql}`)
    .raw()
    .all(...w.params) as Row[];
  const clock = businessClock(scope.period.from, Math.max(scope.now, scope.period.to), scope.cal);
  const d: Durations = { accept: [], contact: [], quote: [] };
  const sla = { accept: { met: 0, missed: 0 }, contact: { met: 0, missed: 0 } };
  for (const [temperature, owner, dispatchedAt, acceptStart, acceptedAt, contactedAt, quotedAt] of rows) {
    const target = scope.targets[(temperature ?? 'warm') as 'hot' | 'warm' | 'cold'];
    if (acceptedAt !== null) {
      const accept = clock.between(acceptStart ?? dispatchedAt, acceptedAt);
      d.accept.push(accept);
      sla.accept[accept <= target.accept * HOUR_MS ? 'met' : 'missed']++;
      if (contactedAt !== null) d.contact.push(clock.between(acceptedAt, contactedAt));
      if (quotedAt !== null) d.quote.push(clock.between(acceptedAt, quotedAt));
      const contact = contactedAt !== null ? clock.between(acceptedAt, contactedAt) : clock.between(acceptedAt, scope.now);
      if (contactedAt !== null || contact > target.contact * HOUR_MS) sla.contact[contact <= target.contact * HOUR_MS ? 'met' : 'missed']++;
    } else if (owner !== null && clock.between(dispatchedAt, scope.now) > target.accept * HOUR_MS) {
      // Assigned, never accepted and past its deadline: a missed clock, not a pending one.
      sla.accept.missed++;
    }
  }
  const decided = (s: { met: number; missed: number }) => s.met + s.missed;
  return {
    accept: summary(d.accept),
    contact: summary(d.contact),
    quote: summary(d.quote),
    sla: {
      accept: { ...sla.accept, compliance: rate(sla.accept.met, decided(sla.accept)) },
      contact: { ...sla.contact, compliance: rate(sla.contact.met, decided(sla.contact)) },
    },
  };
}
