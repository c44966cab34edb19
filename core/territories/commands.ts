/**
 * territories.*: the zones drawn for members. A territory belongs to one member; its shape is
 * validated by geometry.ts before anything is written. Every edit is recorded in the map's
 * history (history.ts), which territories.undo and territories.redo replay with the same ids.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { assertMemberUsable, shapeFrom, type ShapeRequest } from './rules';
import { geoJsonCommands } from './geojson';
import { territoryChanges, territoryFields, type Territory } from './schema';
import * as history from './history';
import * as store from './store';
import { claimVersion, expectedVersion } from '../db/row-version';
import { FULL_DETAIL, territoryOutlines } from './outlines';

const territoryId = z.object({ id: z.number().int().positive() });

export const territoriesCommands = {
  'territories.list': command(z.object({ memberId: z.number().int().positive().optional() }), (ctx, { memberId }) => store.listTerritories(ctx.db, memberId)),
  'territories.get': command(territoryId, (ctx, { id }) => mustGet(ctx, id)),
  /** The map's territories at a level of detail (outlines.ts): all of them, or the ones in view. */
  'territories.outlines': command(z.object({ level: z.number().int().min(0).max(FULL_DETAIL), ids: z.array(z.number().int().positive()).max(100_000).optional() }), (ctx, { level, ids }) =>
    territoryOutlines(ctx.db, level, ids),
  ),
  'territories.create': command(territoryFields, (ctx, { memberId, name, priorityOverride, ...shape }) => {
    assertMemberUsable(ctx, memberId);
    const created = store.insertTerritory(ctx.db, { memberId, name, priorityOverride, shape: shapeFrom(shape) }, ctx.now());
    history.record(ctx.db, 'create', created.name, [{ id: created.id, before: null, after: history.capture(ctx.db, created.id) }], ctx.now());
    return created;
  }),
  'territories.update': command(territoryChanges.extend({ expectedVersion }), (ctx, { id, expectedVersion: expected, ...changes }) => {
    const current = mustGet(ctx, id);
    claimTerritory(ctx, id, expected);
    const memberId = changes.memberId ?? current.memberId;
    if (changes.memberId !== undefined) assertMemberUsable(ctx, memberId);
    const reshaped = changes.kind !== undefined || changes.geometry !== undefined || changes.center !== undefined || changes.radiusKm !== undefined;
    const shape = reshaped ? shapeFrom(mergeShape(current, changes)) : store.shapeOf(current);
    const priorityOverride = changes.priorityOverride === undefined ? current.priorityOverride : changes.priorityOverride;
    const write = () => (store.updateTerritory(ctx.db, id, { memberId, name: changes.name ?? current.name, priorityOverride, shape }, ctx.now()), mustGet(ctx, id));
    return history.tracked(ctx.db, ctx.now(), 'update', id, write, (t) => t.name);
  }),
  'territories.delete': command(territoryId.extend({ expectedVersion }), (ctx, { id, expectedVersion: expected }) => {
    const deleted = mustGet(ctx, id);
    claimTerritory(ctx, id, expected);
    return history.tracked(
      ctx.db,
      ctx.now(),
      'delete',
      id,
      () => (store.deleteTerritory(ctx.db, id), deleted),
      (t) => t.name,
    );
  }),
  /** What undo and redo would do next, for the map's buttons. */
  'territories.history': command(z.object({}), (ctx) => history.summary(ctx.db)),
  'territories.undo': command(z.object({}), (ctx) => history.travel(ctx.db, 'undo'), { ownTransactions: true }),
  'territories.redo': command(z.object({}), (ctx) => history.travel(ctx.db, 'redo'), { ownTransactions: true }),
  ...geoJsonCommands,
};

/** Changing only the radius keeps the centre, and so on: the request fills gaps from the stored shape. */
function mergeShape(current: Territory, changes: Partial<ShapeRequest>): ShapeRequest {
  const kind = changes.kind ?? current.kind;
  const sameKind = kind === current.kind;
  return {
    kind,
    geometry: changes.geometry ?? (sameKind ? (current.geometry ?? undefined) : undefined),
    center: changes.center ?? (sameKind ? (current.center ?? undefined) : undefined),
    radiusKm: changes.radiusKm ?? (sameKind ? (current.radiusKm ?? undefined) : undefined),
  };
}

/** Who changed a territory last is not recorded (the map's history keeps rows, not people). */
function claimTerritory(ctx: Context, id: number, expected: number | undefined): void {
  claimVersion(ctx.db, 'territories', id, expected, () => ({ current: mustGet(ctx, id), changedBy: null }));
}

function mustGet(ctx: Context, id: number): Territory {
  const territory = store.getTerritory(ctx.db, id);
  if (!territory) throw new AppError('not_found', tr(`No territory with id ${id}.`, `Aucune zone n°${id}.`));
  return territory;
}
