/**
 * A person settles a lead's place: the commune picked among the candidates of an ambiguous
 * town (or any commune, to correct a place). The lead takes the commune's name, postal code and
 * point, its place check is cleared, and routing can send it on.
 */
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { places, toGeoPlace } from '../geo/places';
import { tr } from '../language';
import { computeScore, readScoring } from './scoring';
import { mustGetLead } from './service';
import { addEvent, updateColumns } from './store';
import type { Lead } from './schema';

export function pickCommune(ctx: Context, id: number, insee: string): Lead {
  const lead = mustGetLead(ctx, id);
  const commune = places().byInsee.get(insee);
  if (!commune)
    throw new AppError('invalid_input', tr(`No commune has INSEE code ${insee}.`, `Aucune commune n’a le code INSEE ${insee}.`), [
      { path: ['insee'], message: tr('Unknown commune', 'Commune inconnue') },
    ]);
  // The lead's own postal code stays when it is one of the commune's.
  const place = toGeoPlace(commune, lead.postalCode || null);
  const next = {
    ...lead,
    postalCode: place.postalCode,
    city: commune.name,
    lat: place.point.lat,
    lon: place.point.lon,
    geoPrecision: commune.precision,
    departement: commune.departement,
    locationCheck: null,
  };
  const score = computeScore(next, readScoring(ctx.db));
  updateColumns(
    ctx.db,
    id,
    {
      postal_code: next.postalCode,
      city: next.city,
      lat: next.lat,
      lon: next.lon,
      geo_precision: next.geoPrecision,
      departement: next.departement,
      location_check: null,
      score: score.score,
      score_breakdown: JSON.stringify(score.breakdown),
    },
    ctx.now(),
  );
  addEvent(ctx.db, id, 'place_chosen', ctx.now(), ctx.actor, { from: lead.locationCheck?.kind ?? null, insee, city: commune.name, postalCode: next.postalCode });
  return mustGetLead(ctx, id);
}
