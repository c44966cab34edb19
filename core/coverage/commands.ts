/** coverage.*: who covers a point, and the network's overlaps and white zones. */
import { z } from 'zod';
import { command } from '../commands/define';
import { analyseCoverage } from './analysis';
import { communes } from './communes';
import { coverageIndexFor } from './index';

export const coverageCommands = {
  'coverage.at': command(z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }), (ctx, point) => coverageIndexFor(ctx.db).coverageAt(point)),
  'coverage.summary': command(z.object({ communeLimit: z.number().int().min(0).max(100_000).default(50) }), (ctx, { communeLimit }) =>
    analyseCoverage(coverageIndexFor(ctx.db), communes(), communeLimit),
  ),
};
