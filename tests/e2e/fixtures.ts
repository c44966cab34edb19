/**
 * Shared end-to-end fixture: starts the browser host on a fresh temporary database (with the
 * demo network and its six months of history, copied from the one global-setup.ts played) and
 * gives each test the URL with its token. Assumes the app was built (out/renderer and the host bundle out/main/host.js)
 * (the test command runs `electron-vite build` first).
 */
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface HostFixture {
  url: string;
  dbPath: string;
}

const root = join(import.meta.dirname, '..', '..');

/**
 * The demo database, played once per run (global-setup.ts: it takes a while, and a worker
 * restarted after a failure would play it again); tests start on copies of it.
 */
export async function createDemoDatabase(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'aig-e2e-demo-')), 'demo.sqlite');
  const host = await launch([], {}, file, 600_000);
  await stopHost(host.process);
  // Whatever the host left in the write-ahead log goes into the file: tests copy the file alone.
  new Database(file).close();
  return file;
}

let demoTemplate: Promise<string> | null = null;
const demoDatabase = () => (demoTemplate ??= process.env.AIGUILLAGE_E2E_DEMO ? Promise.resolve(process.env.AIGUILLAGE_E2E_DEMO) : createDemoDatabase());

/** A fresh copy of the played demo in a temporary folder, for a host or a server of its own. */
export async function demoCopy(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'aig-e2e-')), 'e2e.sqlite');
  copyFileSync(await demoDatabase(), file);
  return file;
}

export async function startHost(args: string[] = [], env: Record<string, string> = {}, dbPath?: string): Promise<{ url: string; dbPath: string; process: ChildProcess }> {
  const file = dbPath ?? (args.includes('--no-demo') ? join(mkdtempSync(join(tmpdir(), 'aig-e2e-')), 'e2e.sqlite') : await demoCopy());
  return launch(args, env, file);
}

async function launch(args: string[], env: Record<string, string>, dbPath: string, timeoutMs = 30_000): Promise<{ url: string; dbPath: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'host.js'), '--db', dbPath, '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)));
  });
  return { url, dbPath, process: child };
}

/** Stops a host started with startHost and waits for it to exit (its database file is closed then). */
export const stopHost = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Overwrites pages all through a closed database file, so the next start finds it damaged. */
export function damage(file: string): void {
  const fd = openSync(file, 'r+');
  const size = statSync(file).size;
  for (let at = 4096; at < size; at += 16_384) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, at);
  closeSync(fd);
}

export const test = base.extend<{ host: HostFixture; hostArgs: string[] }>({
  /** Extra host arguments, e.g. `test.use({ hostArgs: ['--no-demo'] })` for an empty network. */
  hostArgs: [[], { option: true }],
  host: async ({ hostArgs }, use) => {
    const host = await startHost(hostArgs);
    await use({ url: host.url, dbPath: host.dbPath });
    host.process.kill('SIGTERM');
  },
});

/** Calls a command through the browser host with the run's token (the URL the host printed); fails the test on an error. */
export async function callApi<T>(request: APIRequestContext, hostUrl: string, method: string, input: object): Promise<T> {
  const url = new URL(hostUrl);
  const response = await request.post(`${url.origin}/api/${method}`, { data: input, headers: { 'x-aiguillage-token': url.searchParams.get('token') ?? '' } });
  const body = (await response.json()) as { ok: boolean; value: T };
  expect(body.ok, JSON.stringify(body)).toBe(true);
  return body.value;
}

export { expect };
