/**
 * `aiguillage serve` for the server-mode specs, on the engine asked: PostgreSQL (what server mode
 * is for: a fresh database of its own on the run's cluster, the demo seeded into it by the
 * server, dropped when the server stops) or SQLite (a copy of the run's played demo, or a new
 * empty file). The first administrator comes from --admin-email.
 *
 * The cluster: AIGUILLAGE_E2E_PG_URL (tests/run-all.mjs starts one with .ci/pg.sh and sets it),
 * else the project's own when `bash .ci/pg.sh url` finds it running. Without one, under CI the
 * PostgreSQL specs fail; elsewhere (one spec run by hand) they run on SQLite instead, said
 * loudly on the console and in the test's annotations.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { createDatabase, dropDatabase, scratchName } from '../../core/db/scratch';
import { demoCopy } from './fixtures';

const root = join(import.meta.dirname, '..', '..');
const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

export type ServerEngine = 'sqlite' | 'postgres';

export interface Served {
  server: ChildProcess;
  origin: string;
  adminPassword: string;
  engine: ServerEngine;
  /** The server's database: its file, or its PostgreSQL URL. */
  database: string;
  /** Stops the server, waits for it to exit, and drops its PostgreSQL database. */
  stop(): Promise<void>;
}

let cluster: string | null | undefined;

/** The cluster's URL, or null when there is none to use. */
function postgresUrl(): string | null {
  if (cluster !== undefined) return cluster;
  if (process.env.AIGUILLAGE_E2E_PG_URL) return (cluster = process.env.AIGUILLAGE_E2E_PG_URL);
  const running = spawnSync('bash', [join(root, '.ci', 'pg.sh'), 'url'], { cwd: root, encoding: 'utf8' });
  return (cluster = running.status === 0 ? running.stdout.trim() : null);
}

const NO_POSTGRES = 'no PostgreSQL for the server-mode specs: set AIGUILLAGE_E2E_PG_URL, or start the project cluster with `bash .ci/pg.sh start`';

/** PostgreSQL asked for and no cluster: under CI an error, elsewhere SQLite, said on the console and in the test's annotations. */
function fallBack(): ServerEngine {
  if (ci) throw new Error(`${NO_POSTGRES} (CI runs them on PostgreSQL, never falls back)`);
  console.warn(`\n!!! ${NO_POSTGRES}: running on SQLite instead\n`);
  test.info().annotations.push({ type: 'engine', description: `SQLite instead of PostgreSQL: ${NO_POSTGRES}` });
  return 'sqlite';
}

export interface ServerOptions {
  engine: ServerEngine;
  demo?: boolean;
  port?: number;
  more?: string[];
  env?: Record<string, string>;
}

/**
 * Starts a server on a fresh database of `engine`, with the demo network unless `demo: false`,
 * and reads its address and the administrator's one-time password from what it prints. `port`
 * (default: any free one), more arguments and environment variables for a spec's needs.
 */
export async function startServer({ engine: asked, demo = true, port = 0, more = [], env = {} }: ServerOptions): Promise<Served> {
  const folder = mkdtempSync(join(tmpdir(), 'aig-server-'));
  const url = asked === 'postgres' ? postgresUrl() : null;
  const engine = asked === 'postgres' && !url ? fallBack() : asked;
  // Named like the unit tests' databases (aig_t_<pid>_…): a run cut off leaves one that the next unit-test run on the cluster drops.
  const name = url ? scratchName('aig_t') : null;
  const database = url && name ? createDatabase(url, name) : demo ? await demoCopy() : join(folder, 'server.sqlite');
  const args = ['--database', database, '--listen', `127.0.0.1:${port}`, '--admin-email', 'admin@reseau.fr', '--secret-key', join(folder, 'secret-key'), '--backups', join(folder, 'backups')];
  const server = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...args, ...more, ...(demo ? [] : ['--no-demo'])], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await exited;
    if (url && name) dropDatabase(url, name);
  };
  let out = '';
  try {
    return await new Promise<Served>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        const listening = /Listening on (http:\/\/\S+)/.exec(out);
        const password = /one-time password: (\S+)/.exec(out);
        if (listening && password) {
          clearTimeout(timer);
          resolve({ server, origin: listening[1]!, adminPassword: password[1]!, engine, database, stop });
        }
      };
      server.stdout!.on('data', read);
      server.stderr!.on('data', read);
      server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The server of the tests of this spec file, or of the describe block it is called in: started
 * before their first test, stopped after their last. Its fields are read inside the tests (before
 * the start they throw). `options` may be a function, run in the hook, for what a spec must set up
 * first (a port, another service); `timeout` is the start's.
 */
export function serveForTests(options: ServerOptions | (() => Promise<ServerOptions>), timeout = 120_000): Served {
  let served: Served | undefined;
  test.beforeAll(async () => {
    test.setTimeout(timeout);
    served = await startServer(typeof options === 'function' ? await options() : options);
  });
  test.afterAll(async () => {
    await served?.stop();
    served = undefined;
  });
  return new Proxy({} as Served, {
    get(_, field) {
      if (!served) throw new Error(`the spec's server is not running (read ${String(field)} outside a test?)`);
      return served[field as keyof Served];
    },
  });
}
