/** Editing one setting in a form: a copy to edit, save through settings.set, field errors from the core. */
import { ref, watch, type Ref } from 'vue';
import { api, type Output } from '../api';
import { useAppStore } from '../stores/app';

type Settings = Output<'settings.get'>;

export function useSettingForm<K extends keyof Settings & string>(key: K, prepare: (value: Settings[K]) => Settings[K] = (v) => v) {
  const app = useAppStore();
  const form = ref(null) as Ref<Settings[K] | null>;
  const errors = ref<Record<string, string>>({});
  const saved = ref(false);

  watch(
    () => app.settings?.[key],
    (value) => {
      // A copy: the store's value is a reactive proxy the form must not change before saving.
      if (value && !form.value) form.value = JSON.parse(JSON.stringify(value)) as Settings[K];
    },
    { immediate: true },
  );

  async function save() {
    const result = await api.tryCall('settings.set', { key, value: prepare(form.value!) });
    if (!result.ok) {
      errors.value = Object.fromEntries((result.error.issues ?? []).map((i) => [String(i.path[1] ?? i.path[0]), i.message]));
      return;
    }
    errors.value = {};
    app.settings = result.value;
    saved.value = true;
  }

  const err = (field: string) => (errors.value[field] ? [errors.value[field]!] : []);
  return { form, errors, saved, save, err };
}
