/** French and English; the default follows the system unless the user chose in Settings. */
import { createI18n } from 'vue-i18n';
import en from './en';
import fr from './fr';

export type Locale = 'fr' | 'en';

export function systemLocale(): Locale {
  return (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messages: { fr, en },
});
