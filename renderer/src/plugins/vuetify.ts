/** Vuetify with inline SVG icons (no icon font: the CSP and offline use want nothing fetched). */
import 'vuetify/styles';
// Vuetify's type scale is drawn in Roboto: shipped with the app (no font is fetched, and the usual system
// fallbacks have no medium weight, so titles at 500 would fall back to regular).
import '@fontsource-variable/roboto';
import { createVuetify } from 'vuetify';
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg';
import { fr, en } from 'vuetify/locale';

/** Vuetify picks the text colour on a colour by APCA and chooses white on mid-light colours such as the brand
 * orange or the dark theme's pastels, under 3:1 in WCAG terms; black reads at 7:1 or more on each of them. */
const blackOn = (names: string[]) => Object.fromEntries(names.map((name) => [`on-${name}`, '#000000']));

export const vuetify = createVuetify({
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  locale: { locale: 'fr', fallback: 'en', messages: { fr, en } },
  theme: {
    defaultTheme: 'light',
    // Status colours and secondary text at WCAG AA contrast (4.5:1), checked by axe in the e2e tests:
    // Vuetify's defaults (e.g. white on #2196f3, green #4caf50 on white, grey at 60 %) fall short.
    // Light: dark enough for white text and for text on white; dark: light enough for black text.
    themes: {
      light: {
        dark: false,
        colors: {
          primary: '#1f5f8b',
          secondary: '#5c6f7e',
          accent: '#e07a1f',
          surface: '#ffffff',
          background: '#f4f6f8',
          error: '#b00020',
          info: '#1565c0',
          success: '#2e7d32',
          warning: '#b45309',
          ...blackOn(['accent']),
        },
        variables: { 'medium-emphasis-opacity': 0.7 },
      },
      dark: {
        dark: true,
        colors: {
          primary: '#6fb3e0',
          secondary: '#9fb1bf',
          accent: '#f0a050',
          surface: '#1e2329',
          background: '#14181c',
          error: '#ef8a99',
          info: '#64b5f6',
          success: '#66bb6a',
          warning: '#ffa726',
          ...blackOn(['error', 'info', 'success', 'warning']),
        },
      },
    },
  },
  defaults: {
    // 'auto': the message line appears only when there is a hint or an error, so forms stay even.
    VTextField: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VSelect: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VCombobox: { variant: 'outlined', density: 'comfortable', hideDetails: 'auto' },
    VBtn: { style: 'text-transform: none; letter-spacing: normal' },
    // One type scale (Material 3 classes): page title headline-small, dialog title title-large, card title
    // title-medium, body body-medium, small print body-small. Vuetify's card title (title-large) would sit
    // almost at the page title's size on the Settings and Dashboard cards. Titles and subtitles wrap:
    // Vuetify cuts them at one line, which lost the end of the longer French explanations.
    VCardTitle: { class: 'text-title-medium text-wrap' },
    VCardSubtitle: { class: 'text-wrap' },
    VDialog: { VCardTitle: { class: 'text-title-large text-wrap' } },
  },
});
