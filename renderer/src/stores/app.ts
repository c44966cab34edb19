/** App-wide state: what app.info says and the user's settings, applied to i18n and the theme. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Output } from '../api';
import { i18n, systemLocale, type Locale } from '../i18n';

type Settings = Output<'settings.get'>;
type Info = Output<'app.info'>;

export const useAppStore = defineStore('app', () => {
  const info = ref<Info | null>(null);
  const settings = ref<Settings | null>(null);
  const error = ref<string | null>(null);
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

  return { info, settings, error, locale, theme, load, refreshInfo, setSetting };
});
