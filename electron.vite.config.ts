import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import vuetify from 'vite-plugin-vuetify';

// main and preload are Node bundles (core is bundled into main, better-sqlite3 and libpq stay external);
// the renderer is a plain web bundle also served by the browser host from out/renderer.
export default defineConfig({
  main: {
    build: {
      // The browser host and the CLI are built beside the Electron main process: they start in a
      // fraction of the time tsx takes to compile the core on every run.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          host: resolve(__dirname, 'host/main.ts'),
          cli: resolve(__dirname, 'core/cli/main.ts'),
          // Server mode (aiguillage serve).
          serve: resolve(__dirname, 'host/serve.ts'),
          // The import worker thread (core/intake/off-thread.ts finds it beside the entries).
          'intake-worker': resolve(__dirname, 'core/intake/worker.ts'),
          // Server mode's rollup process on PostgreSQL (host/rollup-process.ts finds it the same way).
          'rollup-child': resolve(__dirname, 'host/rollup-child.ts'),
        },
        external: ['better-sqlite3', 'libpq'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be CommonJS.
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [vue(), vuetify({ autoImport: true })],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      chunkSizeWarningLimit: 2000,
    },
  },
});
