// Layering (after VS Code): common/ is pure TypeScript that imports nothing else; core/ imports
// no Electron, Vue or renderer code; the renderer imports no Node builtins, common by value and
// only types from core, and does not redeclare what common holds. A wrong-way import fails the
// test command (tests/unit/layering.test.ts proves the rules bite).
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import { builtinModules } from 'node:module';
import domainLists from './tests/lint/domain-lists.js';

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
    files: ['common/**/*.ts'],
    ignores: ['common/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'common/ runs everywhere: no Node APIs.' })),
          // Only its own files, @date-fns/tz (pure, Intl-based) and @socialgouv/jours-feries (pure
          // date arithmetic, no import of its own).
          patterns: [{ regex: '^(?!\\./|@date-fns/tz$|@socialgouv/jours-feries$)', message: 'common/ imports only its own files: it sits below core and renderer.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'process', 'Buffer', 'require', '__dirname'].map((name) => ({
          name,
          message: 'common/ runs in the core and the browser alike: no DOM or Node globals.',
        })),
      ],
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
      // SQL runs on SQLite and PostgreSQL, which folds an unquoted name to lower case (docs/design/engines.md).
      'no-restricted-syntax': [
        'error',
        ...['Literal[value=/\\bAS [a-z]+[A-Z]/]', 'TemplateElement[value.raw=/\\bAS [a-z]+[A-Z]/]'].map((selector) => ({
          selector,
          message: 'Quote a camelCase column alias (AS "memberId"): PostgreSQL would return it in lower case.',
        })),
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    plugins: { domain: domainLists },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser: no Node APIs.' })),
          patterns: [
            {
              group: ['**/core/**', '!**/core/**/*.json'],
              message: 'The renderer reaches core only through the Api; import types with `import type` (shared values live in common/).',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'domain/no-redeclared-domain-lists': 'error',
    },
  },
);
