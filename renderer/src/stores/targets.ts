/** Planning targets: the list the editor shows, and its saves and deletions. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output } from '../api';

export type Target = Output<'targets.list'>[number];
export type TargetInput = Input<'targets.set'>;

export const useTargetsStore = defineStore('targets', () => {
  const items = ref<Target[]>([]);

  async function load() {
    items.value = await api.call('targets.list', {});
  }

  async function save(input: TargetInput) {
    const result = await api.tryCall('targets.set', input);
    if (result.ok) await load();
    return result;
  }

  async function remove(id: number) {
    const removed = await api.call('targets.delete', { id });
    await load();
    return removed;
  }

  return { items, load, save, remove };
});
