/** Vuetify with inline SVG icons (no icon font: the CSP and offline use want nothing fetched). */
import 'vuetify/styles';
import { createVuetify } from 'vuetify';
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg';
import { fr, en } from 'vuetify/locale';

export const vuetify = createVuetify({
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  locale: { locale: 'fr', fallback: 'en', messages: { fr, en } },
  theme: {
    defaultTheme: 'light',
    themes: {
      light: { dark: false, colors: { primary: '#1f5f8b', secondary: '#5c6f7e', accent: '#e07a1f', surface: '#ffffff', background: '#f4f6f8' } },
      dark: { dark: true, colors: { primary: '#6fb3e0', secondary: '#9fb1bf', accent: '#f0a050', surface: '#1e2329', background: '#14181c' } },
    },
  },
  defaults: {
    // 'auto': the message line appears only when there is a hint or an error, so forms stay even.
    VTextField: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VSelect: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VCombobox: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VBtn: { style: 'text-transform: none; letter-spacing: normal' },
  },
});
