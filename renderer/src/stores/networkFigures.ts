/** Figures per member and territory over the last days (kpi.network), for the network map. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Output } from '../api';

export type NetworkFigures = Output<'kpi.network'>;
export type Figures = NetworkFigures['members'][number];
export const FIGURE_DAYS = [30, 90, 365] as const;

export const useNetworkFiguresStore = defineStore('networkFigures', () => {
  const days = ref<number>(90);
  const data = ref<NetworkFigures | null>(null);

  async function load() {
    data.value = await api.call('kpi.network', { days: days.value });
  }

  const byMember = computed(() => new Map((data.value?.members ?? []).map((m) => [m.memberId, m])));
  const byTerritory = computed(() => new Map((data.value?.territories ?? []).map((t) => [t.territoryId, t])));

  return { days, data, load, byMember, byTerritory };
});

/** Colour of a territory by its share of leads accepted in time: green, amber, red, grey without lead. */
export function acceptanceColor(f: Pick<Figures, 'acceptedInTimeRate'> | undefined): string {
  const rate = f?.acceptedInTimeRate;
  if (rate === null || rate === undefined) return '#9e9e9e';
  return rate >= 0.9 ? '#2e7d32' : rate >= 0.7 ? '#f9a825' : '#c62828';
}
