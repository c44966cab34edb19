/** kpi.*: the manager's dashboard and the lists its filters offer. */
import { z } from 'zod';
import { command } from '../commands/define';
import { dashboard } from './dashboard';
import { REGION_NAMES } from './regions';
import { networkFigures, networkInput } from './network';
import { dashboardInput } from './scope';

export const kpiCommands = {
  'kpi.dashboard': command(dashboardInput, (ctx, input) => dashboard(ctx, input)),
  /** Figures per member and territory over the last days, for the network map. */
  'kpi.network': command(networkInput, (ctx, { days }) => networkFigures(ctx, days)),
  'kpi.filters': command(z.object({}), (ctx) => ({
    // The leads' own index by source (the facts, which hold the same values, have none: migration 0035).
    sources: ctx.db.prepare(`SELECT DISTINCT source FROM leads WHERE source <> '' ORDER BY source`).pluck().all() as string[],
    departements: ctx.db.prepare(`SELECT DISTINCT departement FROM lead_facts WHERE departement IS NOT NULL ORDER BY departement`).pluck().all() as string[],
    // Names need not be unique: the picker shows the town beside each.
    members: ctx.db.prepare(`SELECT id, name, city FROM members ORDER BY name, city`).all() as { id: number; name: string; city: string }[],
    regions: REGION_NAMES,
  })),
};
