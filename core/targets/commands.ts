/**
 * targets.*: planning targets per month, for the whole network, a region or a département, all
 * sources or one. The dashboard compares the filtered period's actual figures with them
 * (see actual.ts).
 */
import { z } from 'zod';
import { command } from '../commands/define';
import { AppError, fieldError } from '../commands/errors';
import { DEPARTEMENTS } from '../geo/departements';
import { REGION_NAMES } from '../kpi/regions';
import { tr, zmsg } from '../language';
import { monthInput } from '../reports/monthly';
import { deleteTarget, findTarget, getTarget, listTargets, saveTarget, type Target } from './store';

const month = monthInput.shape.month;
/** Empty text means "not set": the table editor sends '' for a cleared cell. */
const optionalText = <T extends z.ZodType<string, string>>(schema: T) =>
  z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null)
    .pipe(schema.nullable());
const count = z.number().int().min(0).max(10_000_000).nullable().default(null);

const targetFields = z
  .object({
    id: z.number().int().positive().optional(),
    month,
    region: optionalText(z.enum(REGION_NAMES as [string, ...string[]], zmsg('Unknown region', 'Région inconnue'))),
    departement: optionalText(z.string().refine((d) => Object.hasOwn(DEPARTEMENTS, d), zmsg('Unknown département', 'Département inconnu'))),
    source: optionalText(z.string()),
    leads: count,
    qualified: count,
    conversion: z
      .number()
      .min(0, zmsg('A rate is between 0 and 1', 'Un taux est compris entre 0 et 1'))
      .max(1, zmsg('A rate is between 0 and 1', 'Un taux est compris entre 0 et 1'))
      .nullable()
      .default(null),
  })
  .refine((t) => t.region === null || t.departement === null, { path: ['departement'], ...zmsg('Choose a region or a département, not both', 'Choisissez une région ou un département, pas les deux') })
  .refine((t) => t.leads !== null || t.qualified !== null || t.conversion !== null, { path: ['leads'], ...zmsg('Set at least one figure', 'Indiquez au moins un chiffre') })
  .refine((t) => t.leads === null || t.qualified === null || t.qualified <= t.leads, { path: ['qualified'], ...zmsg('More qualified than leads', 'Plus de qualifiés que de leads') });

function mustGet(db: Parameters<typeof getTarget>[0], id: number): Target {
  const target = getTarget(db, id);
  if (!target) throw new AppError('not_found', tr(`No target with id ${id}.`, `Aucun objectif n°${id}.`));
  return target;
}

export const targetsCommands = {
  'targets.list': command(z.object({ from: month.optional(), to: month.optional() }), (ctx, { from, to }) => listTargets(ctx.db, from, to)),
  /** Creates a target, or updates the one with `id`; one target per month, geography and source. */
  'targets.set': command(targetFields, (ctx, t) => {
    if (t.id !== undefined) mustGet(ctx.db, t.id);
    const same = findTarget(ctx.db, t);
    if (same && same.id !== t.id)
      throw fieldError('conflict', 'month', tr('A target already exists for this month, place and source.', 'Un objectif existe déjà pour ce mois, ce lieu et cette source.'));
    return mustGet(ctx.db, saveTarget(ctx.db, t, ctx.now(), ctx.actor));
  }),
  /** Returns the deleted target so the UI can undo by setting it again. */
  'targets.delete': command(z.object({ id: z.number().int().positive() }), (ctx, { id }) => {
    const target = mustGet(ctx.db, id);
    deleteTarget(ctx.db, id);
    return target;
  }),
};
