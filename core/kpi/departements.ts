/**
 * The choropleth's figures: leads, conversion and median time to accept per département for
 * the filtered period. One query grouped by département; the acceptance instants of each group
 * come back concatenated so the business-hour durations (the same clock and the same start as
 * response.ts: the accepted dispatch, else the first dispatch) are measured here.
 */
import { HOUR_MS } from '../sla/calendar';
import { businessClock, median } from './business';
import { rate, where, type Scope } from './scope';

export interface DepartementFigures {
  code: string;
  leads: number;
  won: number;
  conversion: number | null;
  medianAcceptHours: number | null;
}

export function departements(scope: Scope): DepartementFigures[] {
  // The unary + keeps SQLite off the (departement, received_at) index walk, as in conversionBy.
  const w = where(scope, { extra: '+f.departement IS NOT NULL' });
  const rows = scope.db
    .prepare(
      `SELECT f.departement, count(*), coalesce(sum(f.won_at IS NOT NULL), 0),
        group_concat(CASE WHEN f.accepted_at IS NOT NULL AND f.dispatched_at IS NOT NULL THEN coalesce(f.accept_started_at, f.dispatched_at) || ',' || f.accepted_at END)
       ${w.sql} GROUP BY +f.departement ORDER BY f.departement`,
    )
    .raw()
    .all(...w.params) as [string, number, number, string | null][];
  const clock = businessClock(scope.period.from, Math.max(scope.now, scope.period.to), scope.cal);
  return rows.map(([code, leads, won, accepts]) => {
    const hours: number[] = [];
    if (accepts) {
      const instants = accepts.split(',').map(Number);
      for (let i = 0; i < instants.length; i += 2) hours.push(clock.between(instants[i]!, instants[i + 1]!) / HOUR_MS);
    }
    return { code, leads, won, conversion: rate(won, leads), medianAcceptHours: median(hours) };
  });
}
