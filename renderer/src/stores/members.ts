/** The network's members as the Network view shows them. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';
import { useFailuresStore } from './failures';

export type Member = Output<'members.get'>;
export type MemberInput = Input<'members.create'>;

export const useMembersStore = defineStore('members', () => {
  const items = ref<Member[]>([]);
  const search = ref('');
  const loading = ref(false);
  const error = ref<string | null>(null);
  let requestId = 0;
  const failures = useFailuresStore();

  async function load() {
    const id = ++requestId;
    loading.value = true;
    const result = await api.tryCall('members.list', { search: search.value });
    // A slower, older search must not overwrite the answer to a newer one.
    if (id !== requestId) return;
    loading.value = false;
    error.value = result.ok ? null : result.error.message;
    if (result.ok) items.value = result.value;
  }

  /**
   * `version`: the member's version the edit was made from. When someone else changed the member
   * since, the edit is refused, its message shown, and the list reloaded with the member as it is.
   */
  async function save(id: number | null, fields: MemberInput, version?: number): Promise<Result<Member>> {
    const result = id === null ? await api.tryCall('members.create', fields) : await api.tryCall('members.update', { id, ...fields, expectedVersion: version });
    if (result.ok || failures.stale(result)) await load();
    return result;
  }

  async function archive(id: number, archived: boolean, version?: number): Promise<Result<Member>> {
    const result = await api.tryCall('members.archive', { id, archived, expectedVersion: version });
    if (result.ok || failures.stale(result)) await load();
    return result;
  }

  return { items, search, loading, error, load, save, archive };
});
