/** App-wide state: what app.info says and the user's settings, applied to i18n and the theme. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Input, type Output } from '../api';
import { i18n, systemLocale, type Locale } from '../i18n';

type Settings = Output<'settings.get'>;
type Info = Output<'app.info'>;
export type DatabaseStatus = Output<'database.status'>;

/** Carries "restored X, undo with Y" over the page reload that follows a restore. */
const RESTORED_KEY = 'aiguillage.restored';
export interface Restored {
  restored: string;
  undo: string | null;
}

export const useAppStore = defineStore('app', () => {
  const info = ref<Info | null>(null);
  const settings = ref<Settings | null>(null);
  const error = ref<string | null>(null);
  /** Set when the database cannot be opened: the app shows the recovery screen instead of the views. */
  const recovery = ref<DatabaseStatus | null>(null);
  const restored = ref<Restored | null>(readRestored());
  const prefersDark = ref(window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', (e) => (prefersDark.value = e.matches));

  const locale = computed<Locale>(() => {
    const chosen = settings.value?.['ui.locale'] ?? 'system';
    return chosen === 'system' ? systemLocale() : chosen;
  });
  const theme = computed<'light' | 'dark'>(() => {
    const chosen = settings.value?.['ui.theme'] ?? 'system';
    return chosen === 'system' ? (prefersDark.value ? 'dark' : 'light') : chosen;
  });

  async function load() {
    const status = await api.tryCall('database.status', {});
    recovery.value = status.ok && status.value.problem ? status.value : null;
    if (recovery.value) return;
    try {
      [info.value, settings.value] = await Promise.all([api.call('app.info', {}), api.call('settings.get', {})]);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
    i18n.global.locale.value = locale.value;
  }

  async function refreshInfo() {
    info.value = await api.call('app.info', {});
  }

  async function setSetting<K extends keyof Settings & string>(key: K, value: Settings[K]) {
    settings.value = await api.call('settings.set', { key, value });
    i18n.global.locale.value = locale.value;
  }

  /** The language or theme: in server mode the signed-in person's own, elsewhere the database's. */
  async function setPreference(preference: Input<'preferences.set'>) {
    settings.value = { ...settings.value!, ...(await api.call('preferences.set', preference)) };
    i18n.global.locale.value = locale.value;
  }

  /** Replaces the database by a backup, then reloads every view on the restored data. */
  async function restore(name: string) {
    const result = await api.tryCall('database.restore', { name });
    if (!result.ok) return result;
    sessionStorage.setItem(RESTORED_KEY, JSON.stringify(result.value));
    window.location.reload();
    return result;
  }

  function forgetRestored() {
    restored.value = null;
    sessionStorage.removeItem(RESTORED_KEY);
  }

  return { info, settings, error, recovery, restored, locale, theme, load, refreshInfo, setSetting, setPreference, restore, forgetRestored };
});

function readRestored(): Restored | null {
  try {
    return JSON.parse(sessionStorage.getItem(RESTORED_KEY) ?? 'null') as Restored | null;
  } catch {
    return null;
  }
}
