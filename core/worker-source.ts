/**
 * Where a worker thread's code is: under tsx or vitest the TypeScript source beside the caller,
 * run with tsx's loader; in the built app the entry of that name beside the main bundle
 * (electron.vite.config.ts), the caller being in one of the entries or in out/main/chunks.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export function workerSource(here: string, source: string, entry: string): { url: URL; execArgv?: string[] } {
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm')).href;
    return { url: new URL(source, here), execArgv: [...process.execArgv, '--import', tsx] };
  }
  for (const candidate of [`./${entry}.js`, `../${entry}.js`]) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return { url };
  }
  throw new Error(`The worker ${entry}.js is missing beside ${here}`);
}
