/**
 * The network map: basemap, territories and the coverage analysis, and the territory edits.
 * Every edit goes through the core, which also keeps their undo/redo history (in the
 * database, with stable territory ids); this store only asks it what comes next.
 * Territories are held as the core's coarsest outlines (core/territories/outlines.ts), in a
 * shallow ref: 5,000 shapes made deeply reactive cost seconds, and nothing edits them in place;
 * the coverage analysis (megabytes over a large network, only read) too.
 * The map asks for finer levels of the territories in view through `outlines`.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api, type Input, type Output, type Result } from '../api';

/** A territory as the map holds it: its coarsest outline and what the side panel shows. */
export type Territory = Output<'territories.outlines'>[number];
export type Coverage = Output<'coverage.summary'>;
export type Basemap = Output<'geo.basemap'>;
export type History = Output<'territories.history'>;
type Create = Input<'territories.create'>;
type Update = Input<'territories.update'>;

/** A colour per member, stable across sessions, spread around the wheel. */
export function memberColor(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)}, 62%, 42%)`;
}

export const useMapStore = defineStore('map', () => {
  const basemap = shallowRef<Basemap | null>(null);
  const territories = shallowRef<Territory[]>([]);
  const coverage = shallowRef<Coverage | null>(null);
  const history = ref<History>({ undo: null, redo: null, undoCount: 0, redoCount: 0 });

  /** The territories and the basemap, what the map draws first: the territories are drawn as soon as they come, whatever the basemap takes. */
  async function loadShapes() {
    await Promise.all([reloadTerritories(), basemap.value ? null : api.call('geo.basemap', {}).then((b) => (basemap.value = b))]);
  }

  /**
   * The territories asked for by the router as the map page is entered (router.ts), before the
   * page's code is fetched and run: the host answers while the page starts, and the page, once
   * mounted, takes that request instead of asking again.
   */
  let started: Promise<void> | null = null;
  function prefetch() {
    if (started) return;
    const request = loadShapes();
    started = request;
    // Failed before the page took it: forgotten, and the page asks again (a failure then is reported, once).
    request.catch(() => {
      if (started === request) started = null;
    });
  }
  /**
   * What the page waits for: the shapes the router asked for (or a new request), and the coverage
   * analysis, asked for once the page is up: the host answers in the order asked, and the
   * analysis (the slowest, and thousands of spots to draw) must not hold the territories back.
   */
  async function load() {
    const shapes = started ?? loadShapes();
    started = null;
    await Promise.all([shapes, refreshCoverage()]);
  }

  async function refreshCoverage() {
    coverage.value = await api.call('coverage.summary', { communeLimit: 40 });
  }

  async function reloadTerritories() {
    [territories.value, history.value] = await Promise.all([api.call('territories.outlines', { level: 0 }), api.call('territories.history', {})]);
  }

  async function reload() {
    await reloadTerritories();
    await refreshCoverage();
  }

  /** Runs an edit and, whatever its outcome, shows what the core now holds. */
  async function edit<T>(run: Promise<Result<T>>): Promise<Result<T>> {
    const result = await run;
    await reload();
    return result;
  }

  const create = (input: Create) => edit(api.tryCall('territories.create', input));
  /**
   * Edits carry the version of the territory the map shows: when someone else changed it since,
   * the core refuses with a message the callers show, and edit() redraws it as it is now.
   */
  const shownVersion = (id: number) => territories.value.find((t) => t.id === id)?.version;
  const update = (input: Update) => edit(api.tryCall('territories.update', { ...input, expectedVersion: shownVersion(input.id) }));
  const remove = (id: number) => edit(api.tryCall('territories.delete', { id, expectedVersion: shownVersion(id) }));
  /** Refused when nothing is left, or when the step's territory changed elsewhere (the core then clears the history). */
  const undo = () => edit(api.tryCall('territories.undo', {}));
  const redo = () => edit(api.tryCall('territories.redo', {}));

  async function importGeoJson(text: string, dryRun: boolean) {
    const result = await api.tryCall('territories.importGeoJson', { geojson: text, dryRun });
    if (result.ok && !dryRun) await reload();
    return result;
  }

  const exportGeoJson = () => api.call('territories.exportGeoJson', {});
  /** Shapes of these territories at a finer level of detail (the last level is the stored shape). */
  const outlines = (level: number, ids: number[]) => api.call('territories.outlines', { level, ids });

  return { basemap, territories, coverage, history, prefetch, load, reload, refreshCoverage, create, update, remove, undo, redo, importGeoJson, exportGeoJson, outlines };
});
