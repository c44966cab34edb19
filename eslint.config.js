// Layering (after VS Code): core/ imports no Electron, Vue or renderer code; the renderer
// imports no Node builtins and only types from core. A wrong-way import fails the test command.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    // Vuetify's data tables name their cell slots item.<column>.
    rules: { 'vue/valid-v-slot': ['error', { allowModifiers: true }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'vue', 'vuetify', 'vuetify/*', 'pinia', 'vue-router', 'vue-i18n', 'leaflet', 'echarts'], message: 'core/ is pure: no UI or Electron code.' },
            { group: ['**/electron/**', '**/renderer/**', '**/host/**'], message: 'core/ imports nothing from the hosts or the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser: no Node APIs.' })),
          patterns: [{ group: ['**/core/**', '!**/core/**/*.json'], message: 'The renderer reaches core only through the Api; import types with `import type`.', allowTypeImports: true }],
        },
      ],
    },
  },
);
