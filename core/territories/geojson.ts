/**
 * GeoJSON in and out. Import takes what other tools export (QGIS, geojson.io, a previous
 * export): each feature is checked on its own, the good ones go in and the bad ones come back
 * with their index and the reason, so one broken feature does not cost the whole file.
 * Export writes the whole network: every territory plus each member's intervention radius.
 */
import { getIssues } from '@placemarkio/check-geojson';
import type { Feature, FeatureCollection } from 'geojson';
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError, fieldError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { listMembers } from '../members/store';
import type { Member } from '../members/schema';
import { memberLookup, resolveMember, territoryNameOf, type MemberLookup } from './import-members';
import { shapeFrom, type ShapeRequest } from './rules';
import * as history from './history';
import * as store from './store';
import type { Territory } from './schema';

export type ImportResult =
  | { index: number; ok: true; skipped: false; territoryId: number | null; name: string; memberId: number; memberName: string }
  | { index: number; ok: true; skipped: true; reason: string }
  | { index: number; ok: false; error: string };

/** Any JSON object; typed as `object` so callers can pass GeoJSON types, which have no index signature. */
const geoJsonObject = z.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), zmsg('Expected GeoJSON text or object', 'Texte ou objet GeoJSON attendu'));

export const geoJsonCommands = {
  'territories.importGeoJson': command(z.object({ geojson: z.union([z.string().max(100_000_000), geoJsonObject]), dryRun: z.boolean().default(false) }), (ctx, { geojson, dryRun }) =>
    importGeoJson(ctx, geojson, dryRun),
  ),
  'territories.exportGeoJson': command(z.object({}), (ctx) => exportGeoJson(ctx)),
};

function importGeoJson(ctx: Context, geojson: string | object, dryRun: boolean) {
  const features = featuresOf(typeof geojson === 'string' ? parseText(geojson) : geojson);
  const lookup = memberLookup(listMembers(ctx.db, false));
  const results = features.map((feature, index) => importFeature(ctx, feature, index, lookup, dryRun));
  // The whole import is one step of the map's history: one undo removes every territory it created.
  const created = results.flatMap((r) => (r.ok && !r.skipped && r.territoryId !== null ? [r.territoryId] : []));
  const changes = created.map((id) => ({ id, before: null, after: history.capture(ctx.db, id) }));
  history.record(ctx.db, 'import', String(created.length), changes, ctx.now());
  const count = (f: (r: ImportResult) => boolean) => results.filter(f).length;
  return {
    dryRun,
    imported: count((r) => r.ok && !r.skipped),
    skipped: count((r) => r.ok && r.skipped),
    failed: count((r) => !r.ok),
    results,
  };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const why = getIssues(text)[0]?.message ?? 'Invalid JSON';
    throw fieldError('invalid_input', 'geojson', tr(`This is not GeoJSON: ${why}`, `Ce n’est pas du GeoJSON : ${why}`));
  }
}

/** A FeatureCollection, a single Feature or a bare geometry are all accepted. */
function featuresOf(doc: unknown): unknown[] {
  const d = doc as { type?: unknown; features?: unknown };
  if (d?.type === 'FeatureCollection' && Array.isArray(d.features)) return d.features;
  if (d?.type === 'Feature') return [doc];
  if (d?.type === 'Polygon' || d?.type === 'MultiPolygon') return [{ type: 'Feature', properties: {}, geometry: doc }];
  throw fieldError('invalid_input', 'geojson', tr('Expected a GeoJSON FeatureCollection, Feature or Polygon.', 'Un FeatureCollection, une Feature ou un Polygon GeoJSON était attendu.'));
}

function importFeature(ctx: Context, raw: unknown, index: number, lookup: MemberLookup, dryRun: boolean): ImportResult {
  try {
    const feature = raw as Feature | null;
    if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') throw notAFeature();
    const props = (feature.properties ?? {}) as Record<string, unknown>;
    if (props.kind === 'member') return { index, ok: true, skipped: true, reason: tr("A member's radius: edit it on the member.", 'Le rayon d’un membre : modifiez-le sur sa fiche.') };
    const { member, matchedBy } = resolveMember(props, lookup);
    const shape = shapeFrom(shapeRequest(feature));
    const name = territoryNameOf(props, matchedBy, index);
    const priorityOverride = priorityOf(props);
    const saved = dryRun ? null : store.insertTerritory(ctx.db, { memberId: member.id, name, priorityOverride, shape }, ctx.now());
    return { index, ok: true, skipped: false, territoryId: saved?.id ?? null, name, memberId: member.id, memberName: member.name };
  } catch (error) {
    if (error instanceof AppError) return { index, ok: false, error: error.message };
    throw error;
  }
}

function notAFeature(): AppError {
  return new AppError('invalid_input', tr('Not a GeoJSON Feature.', 'Ce n’est pas une Feature GeoJSON.'));
}

/** A Point with a radiusKm property is a circle; anything else must be a Polygon or MultiPolygon. */
function shapeRequest(feature: Feature): ShapeRequest {
  const g = feature.geometry;
  if (g?.type === 'Point') {
    const radiusKm = (feature.properties ?? {}).radiusKm;
    const [lon, lat] = g.coordinates;
    if (typeof radiusKm !== 'number' || typeof lon !== 'number' || typeof lat !== 'number') {
      throw new AppError('invalid_input', tr('A Point is a circle only with a numeric radiusKm property.', 'Un Point n’est un cercle qu’avec une propriété radiusKm numérique.'));
    }
    return { kind: 'circle', center: { lat, lon }, radiusKm };
  }
  return { kind: 'polygon', geometry: g ?? undefined };
}

function priorityOf(props: Record<string, unknown>): number | null {
  const value = props.priorityOverride ?? props.priority ?? null;
  if (value === null) return null;
  if (typeof value !== 'number' || value < 0.1 || value > 10) {
    throw new AppError('invalid_input', tr('priorityOverride must be a number between 0.1 and 10.', 'priorityOverride doit être un nombre entre 0,1 et 10.'));
  }
  return value;
}

/**
 * Each feature names its member by id and by the network's code (null where it has none): the
 * ids are this database's, the code is what another database (or the network's GIS) knows.
 */
function exportGeoJson(ctx: Context): FeatureCollection {
  const members = listMembers(ctx.db, true);
  const codes = new Map(members.map((m) => [m.id, m.code || null]));
  const territories = store.listTerritories(ctx.db).map((t) => territoryFeature(t, codes.get(t.memberId) ?? null));
  const radii = members.filter((m) => m.archivedAt === null && m.lat !== null && m.lon !== null && m.radiusKm > 0).map(memberFeature);
  return { type: 'FeatureCollection', features: [...territories, ...radii] };
}

function territoryFeature(t: Territory, memberCode: string | null): Feature {
  const common = { kind: 'territory', territoryId: t.id, name: t.name, memberId: t.memberId, memberCode, memberName: t.memberName, priorityOverride: t.priorityOverride };
  if (t.kind === 'circle') {
    return { type: 'Feature', properties: { ...common, shape: 'circle', radiusKm: t.radiusKm }, geometry: { type: 'Point', coordinates: [t.center!.lon, t.center!.lat] } };
  }
  return { type: 'Feature', properties: { ...common, shape: 'polygon' }, geometry: t.geometry! };
}

function memberFeature(m: Member): Feature {
  return {
    type: 'Feature',
    properties: { kind: 'member', memberId: m.id, memberCode: m.code || null, memberName: m.name, radiusKm: m.radiusKm, priorityCoefficient: m.priorityCoefficient, active: m.active },
    geometry: { type: 'Point', coordinates: [m.lon!, m.lat!] },
  };
}
