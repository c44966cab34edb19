/** The network's members as the Network view shows them. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';

export type Member = Output<'members.get'>;
export type MemberInput = Input<'members.create'>;

export const useMembersStore = defineStore('members', () => {
  const items = ref<Member[]>([]);
  const search = ref('');
  const loading = ref(false);
  let requestId = 0;

  async function load() {
    const id = ++requestId;
    loading.value = true;
    try {
      const result = await api.call('members.list', { search: search.value });
      // A slower, older search must not overwrite the answer to a newer one.
      if (id === requestId) items.value = result;
    } finally {
      if (id === requestId) loading.value = false;
    }
  }

  async function save(id: number | null, fields: MemberInput): Promise<Result<Member>> {
    const result = id === null ? await api.tryCall('members.create', fields) : await api.tryCall('members.update', { id, ...fields });
    if (result.ok) await load();
    return result;
  }

  async function archive(id: number, archived: boolean) {
    const member = await api.call('members.archive', { id, archived });
    await load();
    return member;
  }

  return { items, search, loading, load, save, archive };
});
