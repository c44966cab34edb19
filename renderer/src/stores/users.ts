/** The administrator's users (server mode): the list, and each change followed by a fresh list. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output } from '../api';

export type UserRow = Output<'users.list'>[number];

export const useUsersStore = defineStore('users', () => {
  const items = ref<UserRow[]>([]);
  const loading = ref(false);

  async function load() {
    loading.value = true;
    try {
      items.value = await api.call('users.list', {});
    } finally {
      loading.value = false;
    }
  }

  /** Field errors come back to the form; the list is reloaded on success. */
  async function create(input: Input<'users.create'>) {
    const result = await api.tryCall('users.create', input);
    if (result.ok) await load();
    return result;
  }

  async function setDisabled(id: number, disabled: boolean) {
    await api.call(disabled ? 'users.disable' : 'users.enable', { id });
    await load();
  }

  async function resetPassword(id: number, password?: string) {
    const result = await api.tryCall('users.resetPassword', { id, password });
    if (result.ok) await load();
    return result;
  }

  async function endSessions(id: number) {
    const result = await api.call('users.endSessions', { id });
    await load();
    return result.sessionsEnded;
  }

  return { items, loading, load, create, setDisabled, resetPassword, endSessions };
});
