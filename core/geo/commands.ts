/**
 * geo.*: offline geocoding and the built-in basemap. Read-only and database-free: the data
 * ships in resources/geo (npm run build:geo).
 */
import { z } from 'zod';
import { command } from '../commands/define';
import { BASEMAP_FILE, readGeoFile } from './data';
import { geocode } from './geocoder';
import { searchPlaces } from './search';
import type { Basemap } from './types';

const text = z.string().trim().max(300);

export const geoCommands = {
  'geo.geocode': command(z.object({ postalCode: text.max(20).optional(), city: text.optional(), address: text.max(500).optional() }), (_ctx, query) => geocode(query)),
  'geo.search': command(z.object({ query: text.max(100), limit: z.number().int().min(1).max(50).default(10) }), (_ctx, { query, limit }) => searchPlaces(query, limit)),
  'geo.basemap': command(z.object({}), () => basemap()),
};

let cachedBasemap: Basemap | null = null;

/** Read once: the renderer asks for it at each map view. */
function basemap(): Basemap {
  cachedBasemap ??= readGeoFile<Basemap>(BASEMAP_FILE);
  return cachedBasemap;
}
