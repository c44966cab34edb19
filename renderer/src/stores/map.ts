/**
 * The network map: basemap, territories and the coverage analysis, and the territory edits
 * with their undo/redo history. Every edit goes through the core; the history stores how to
 * reverse what the core accepted.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';

export type Territory = Output<'territories.get'>;
export type Coverage = Output<'coverage.summary'>;
export type Basemap = Output<'geo.basemap'>;
type Create = Input<'territories.create'>;
type Update = Input<'territories.update'>;

interface Step {
  label: string;
  undo: () => Promise<unknown>;
  redo: () => Promise<unknown>;
}

/** A colour per member, stable across sessions, spread around the wheel. */
export function memberColor(id: number): string {
  return `hsl(${Math.round((id * 137.508) % 360)}, 62%, 42%)`;
}

function shapeOf(t: Territory): Pick<Create, 'kind' | 'geometry' | 'center' | 'radiusKm'> {
  return t.kind === 'circle' ? { kind: 'circle', center: t.center!, radiusKm: t.radiusKm! } : { kind: 'polygon', geometry: t.geometry };
}

export const useMapStore = defineStore('map', () => {
  const basemap = ref<Basemap | null>(null);
  const territories = ref<Territory[]>([]);
  const coverage = ref<Coverage | null>(null);
  const past = ref<Step[]>([]);
  const future = ref<Step[]>([]);

  async function load() {
    const [b, t] = await Promise.all([basemap.value ? Promise.resolve(basemap.value) : api.call('geo.basemap', {}), api.call('territories.list', {})]);
    basemap.value = b;
    territories.value = t;
    await refreshCoverage();
  }

  async function refreshCoverage() {
    coverage.value = await api.call('coverage.summary', { communeLimit: 40 });
  }

  async function reload() {
    territories.value = await api.call('territories.list', {});
    await refreshCoverage();
  }

  function remember(step: Step) {
    past.value.push(step);
    future.value = [];
  }

  async function create(input: Create): Promise<Result<Territory>> {
    const result = await api.tryCall('territories.create', input);
    if (!result.ok) return result;
    let id = result.value.id;
    remember({
      label: result.value.name,
      undo: () => api.call('territories.delete', { id }),
      redo: async () => (id = (await api.call('territories.create', input)).id),
    });
    await reload();
    return result;
  }

  async function update(input: Update): Promise<Result<Territory>> {
    const before = territories.value.find((t) => t.id === input.id);
    const result = await api.tryCall('territories.update', input);
    if (!result.ok || !before) return result;
    const back: Update = { id: before.id, name: before.name, memberId: before.memberId, priorityOverride: before.priorityOverride, ...shapeOf(before) };
    remember({ label: before.name, undo: () => api.call('territories.update', back), redo: () => api.call('territories.update', input) });
    await reload();
    return result;
  }

  async function remove(id: number): Promise<Result<Territory>> {
    const result = await api.tryCall('territories.delete', { id });
    if (!result.ok) return result;
    const t = result.value;
    let currentId = t.id;
    const again: Create = { memberId: t.memberId, name: t.name, priorityOverride: t.priorityOverride, ...shapeOf(t) };
    remember({
      label: t.name,
      undo: async () => (currentId = (await api.call('territories.create', again)).id),
      redo: () => api.call('territories.delete', { id: currentId }),
    });
    await reload();
    return result;
  }

  async function undo() {
    const step = past.value.pop();
    if (!step) return;
    await step.undo();
    future.value.push(step);
    await reload();
  }

  async function redo() {
    const step = future.value.pop();
    if (!step) return;
    await step.redo();
    past.value.push(step);
    await reload();
  }

  async function importGeoJson(text: string, dryRun: boolean) {
    const result = await api.tryCall('territories.importGeoJson', { geojson: text, dryRun });
    if (result.ok && !dryRun) await reload();
    return result;
  }

  const exportGeoJson = () => api.call('territories.exportGeoJson', {});

  return { basemap, territories, coverage, past, future, load, reload, refreshCoverage, create, update, remove, undo, redo, importGeoJson, exportGeoJson };
});
