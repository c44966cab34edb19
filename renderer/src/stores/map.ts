/**
 * The network map: basemap, territories and the coverage analysis, and the territory edits.
 * Every edit goes through the core, which also keeps their undo/redo history (in the
 * database, with stable territory ids); this store only asks it what comes next.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';

export type Territory = Output<'territories.get'>;
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
  const basemap = ref<Basemap | null>(null);
  const territories = ref<Territory[]>([]);
  const coverage = ref<Coverage | null>(null);
  const history = ref<History>({ undo: null, redo: null, undoCount: 0, redoCount: 0 });

  async function load() {
    const [b] = await Promise.all([basemap.value ? Promise.resolve(basemap.value) : api.call('geo.basemap', {}), reloadTerritories()]);
    basemap.value = b;
    await refreshCoverage();
  }

  async function refreshCoverage() {
    coverage.value = await api.call('coverage.summary', { communeLimit: 40 });
  }

  async function reloadTerritories() {
    [territories.value, history.value] = await Promise.all([api.call('territories.list', {}), api.call('territories.history', {})]);
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
  const update = (input: Update) => edit(api.tryCall('territories.update', input));
  const remove = (id: number) => edit(api.tryCall('territories.delete', { id }));
  /** Refused when nothing is left, or when the step's territory changed elsewhere (the core then clears the history). */
  const undo = () => edit(api.tryCall('territories.undo', {}));
  const redo = () => edit(api.tryCall('territories.redo', {}));

  async function importGeoJson(text: string, dryRun: boolean) {
    const result = await api.tryCall('territories.importGeoJson', { geojson: text, dryRun });
    if (result.ok && !dryRun) await reload();
    return result;
  }

  const exportGeoJson = () => api.call('territories.exportGeoJson', {});

  return { basemap, territories, coverage, history, load, reload, refreshCoverage, create, update, remove, undo, redo, importGeoJson, exportGeoJson };
});
