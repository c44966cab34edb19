/**
 * The choropleth's figures: leads, conversion and median time to accept per département for
 * the filtered period, from the same totals and clocks as the rest of the dashboard.
 */
import { HOUR_MS } from '../../common/business-hours';
import { clocksByDepartement } from './clocks';
import { medianOfRuns } from './runs';
import { rate, type Scope } from './scope';
import { totals } from './totals';

export interface DepartementFigures {
  code: string;
  leads: number;
  won: number;
  conversion: number | null;
  medianAcceptHours: number | null;
}

export function departements(scope: Scope): DepartementFigures[] {
  const clocks = clocksByDepartement(scope);
  return [...totals(scope, ['departement']).departement]
    .filter(([code, t]) => code !== '' && t.received > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, t]) => ({
      code,
      leads: t.received,
      won: t.won,
      conversion: rate(t.won, t.received),
      medianAcceptHours: medianOfRuns(clocks.get(code)?.accept ?? [], HOUR_MS),
    }));
}
