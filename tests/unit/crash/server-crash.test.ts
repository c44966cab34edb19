/**
 * Crash safety of the server (issue 17), on the engine under test: a real `aiguillage serve`
 * process on a PostgreSQL database (AIGUILLAGE_TEST_ENGINE=postgres) or a SQLite file, driven
 * over HTTP as an administrator, is killed with SIGKILL at seeded points during a background
 * import (intake.start: the worker reads the file, the server commits it by batches) and during
 * a bulk dispatch (routing.dispatchMany). After each kill the database must prove every
 * committed batch whole (the import's counters, its leads, their events, KPI facts and search
 * rows agree) and nothing half-dispatched (a routed lead has its one open dispatch and its
 * event, a lead not reached has neither); then a new server on it imports the same file again,
 * which resumes where it stopped, or dispatches the leads left, and is killed in turn, until the
 * last one finishes: every row imported exactly once, every lead routed exactly once. tests/unit/crash/crash.test.ts kills the
 * in-process commands on SQLite at finer points (row-count batches, the background jobs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Context } from '../../../core/commands/define';
import { dispatch } from '../../../core/commands/dispatch';
import { openDatabase, sqliteDb, type Db } from '../../../core/db/connection';
import { integrityProblems } from '../../../core/db/maintenance';
import { PostgresDb } from '../../../core/db/postgres';
import { createDatabase, dropDatabase, scratchName } from '../../../core/db/scratch';
import { seedDemoLeads } from '../../../core/demo/leads';
import { seedDemo } from '../../../core/demo/network';
import { seedDemoTerritories } from '../../../core/demo/territories';
import { createUser } from '../../../core/users/commands';
import { CSRF_HEADER } from '../../../host/accounts';
import { testPostgres } from '../../../core/test-support';
import { crashCsv, random } from './campaign';
import { MAPPING } from './mapping';

const root = join(import.meta.dirname, '..', '..', '..');
// tsx's loader in the server itself: its CLI would run the server in a grandchild that SIGKILL misses.
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'aig-server-crash-'));
const postgres = testPostgres();
const engine = postgres ? 'PostgreSQL' : 'SQLite';
/** Each kill starts a server: a few seconds each on a loaded 2-core machine. */
const KILLS = 3;
const ROWS = 4000;
const TIMEOUT = 600_000;
const ADMIN = { email: 'admin@crash.fr', password: 'un mot de passe de test assez long' };
const made: string[] = [];

/** The engine's databases: a PostgreSQL database on the test cluster (its URL), or a SQLite file (its path). */
const databases = {
  /** A new database, migrated, with the administrator the test signs in as. */
  create(name: string, fill: (ctx: Context) => void = () => {}): string {
    const location = postgres ? createDatabase(postgres.url, scratchName('aig_t'), postgres.template) : join(dir, `${name}.sqlite`);
    if (postgres) made.push(location);
    const db = openDatabase(location);
    try {
      const ctx: Context = { db, dbPath: location, actor: 'crash-test', now: () => Date.now() };
      createUser(ctx, { email: ADMIN.email, displayName: 'Admin', role: 'administrator', password: ADMIN.password });
      fill(ctx);
    } finally {
      db.close();
    }
    return location;
  },
  /** A connection of the test's own, beside the server's (read-only on SQLite, where the server writes in WAL mode). */
  reader(location: string): Db {
    return postgres ? new PostgresDb(location) : sqliteDb(new Database(location, { readonly: true, fileMustExist: true }));
  },
};

afterAll(() => {
  if (postgres) for (const url of made) dropDatabase(postgres.url, new URL(url).pathname.slice(1));
});

interface Server {
  child: ChildProcess;
  origin: string;
  exited: Promise<void>;
}

/** `aiguillage serve` on the database, on a free port, once it listens. */
function startServer(location: string): Promise<Server> {
  const args = ['--database', location, '--listen', '127.0.0.1:0', '--no-demo', '--secret-key', join(dir, 'secret-key'), '--backups', join(dir, 'backups')];
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'host', 'serve.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /Listening on (http:\/\/\S+)/.exec(out);
      if (listening) resolve({ child, origin: listening[1]!, exited });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => reject(new Error(`the server stopped (${code ?? signal}) before listening:\n${out}`)));
  });
}

async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

type Call = (method: string, input: object) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

/** Signs in as the administrator; calls commands with the session cookie and the CSRF token. */
async function signIn(origin: string): Promise<Call> {
  const response = await fetch(`${origin}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const body = (await response.json()) as { value: { csrf: string } };
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  return async (method, input) => {
    const answer = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, [CSRF_HEADER]: body.value.csrf }, body: JSON.stringify(input) });
    return (await answer.json()) as Awaited<ReturnType<Call>>;
  };
}

/**
 * Kills the server with SIGKILL once `killAt` holds, asked of the database every few
 * milliseconds (the kill lands wherever the server then is), or leaves it when `finished` holds
 * first. Resolves with whether it was killed.
 */
async function killWhen(server: Server, location: string, killAt: (db: Db) => boolean, finished: (db: Db) => boolean): Promise<boolean> {
  const reader = databases.reader(location);
  try {
    for (;;) {
      try {
        if (killAt(reader)) {
          server.child.kill('SIGKILL');
          await server.exited;
          return true;
        }
        if (finished(reader)) return false;
      } catch {
        // SQLite: the server holds a lock this instant; ask again next time.
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    reader.close();
  }
}

const count = (db: Db, sql: string, ...params: unknown[]) =>
  Number(
    db
      .prepare(sql)
      .pluck()
      .get(...params),
  );

/** The database as the next server finds it: intact, checked from a connection of the test's own. */
function inspect<T>(location: string, fn: (db: Db) => T): T {
  const db = openDatabase(location);
  try {
    expect(integrityProblems(db, 'full')).toEqual([]);
    return fn(db);
  } finally {
    db.close();
  }
}

describe(`the server killed (SIGKILL) and started again, on ${engine}`, () => {
  it(
    `keeps every committed batch of a background import whole and resumes it exactly, killed ${KILLS} times`,
    async () => {
      const content = Buffer.from(crashCsv(ROWS)).toString('base64');
      const input = { fileName: 'crash.csv', contentBase64: content, sourceName: 'Crash', mapping: MAPPING, batchSize: 500 };
      const location = databases.create('import');
      const next = random(20261207);
      let midway = 0;
      // One import, started then resumed by a new server after each kill, the last one left to finish.
      for (let k = 0; k <= KILLS; k++) {
        const server = await startServer(location);
        const call = await signIn(server.origin);
        // The first call starts the import; each later one resumes it (the file is known by its fingerprint).
        const started = await call('intake.start', input);
        expect(started).toMatchObject({ ok: true });
        if (k === KILLS) {
          try {
            const { jobId } = started.value as { jobId: string };
            let state: { status: string; report?: { committedRows: number } };
            do {
              await new Promise((resolve) => setTimeout(resolve, 50));
              state = (await call('intake.progress', { jobId })).value as typeof state;
            } while (state.status === 'running');
            expect(state).toMatchObject({ status: 'completed', report: { committedRows: ROWS } });
          } finally {
            await stopServer(server);
          }
          break;
        }
        // Killed once a seeded point of the k-th share of the file is committed (5 to 90 % in all).
        const committed = Math.floor(((k + 0.2 + next() * 0.75) / KILLS) * 0.85 * ROWS + 0.05 * ROWS);
        const killed = await killWhen(
          server,
          location,
          (db) => count(db, 'SELECT coalesce(max(committed_rows), 0) FROM imports') >= committed,
          (db) => count(db, "SELECT count(*) FROM imports WHERE status = 'completed'") > 0,
        );
        if (!killed) await stopServer(server);
        const progress = inspect(location, (db) => {
          const imp = db.prepare('SELECT id, status, committed_rows, accepted, warned, rejected FROM imports').get() as
            { id: number; status: string; committed_rows: number; accepted: number; warned: number; rejected: number } | undefined;
          if (!imp) return 0;
          // Whole batches: the counters and every row the batches wrote agree.
          expect(Number(imp.accepted) + Number(imp.warned) + Number(imp.rejected)).toBe(Number(imp.committed_rows));
          const leads = count(db, 'SELECT count(*) FROM leads WHERE import_id = ?', imp.id);
          expect(leads).toBe(Number(imp.accepted) + Number(imp.warned));
          expect(count(db, 'SELECT count(*) FROM leads')).toBe(leads);
          expect(count(db, 'SELECT count(DISTINCT import_line) FROM leads')).toBe(leads);
          expect(count(db, "SELECT count(*) FROM lead_events WHERE type = 'imported'")).toBe(leads);
          expect(count(db, 'SELECT count(*) FROM lead_facts')).toBe(leads);
          expect(count(db, 'SELECT count(*) FROM leads_fts')).toBe(leads);
          return imp.status === 'completed' ? ROWS : Number(imp.committed_rows);
        });
        expect(progress).toBeLessThan(ROWS);
        if (killed && progress > 0) midway++;
      }
      inspect(location, (db) => {
        expect(count(db, 'SELECT count(*) FROM imports')).toBe(1);
        expect(count(db, 'SELECT count(*) FROM leads')).toBe(ROWS);
        expect(count(db, 'SELECT count(DISTINCT import_line) FROM leads')).toBe(ROWS);
        expect(count(db, "SELECT count(*) FROM lead_events WHERE type = 'imported'")).toBe(ROWS);
        expect(count(db, 'SELECT count(*) FROM lead_facts')).toBe(ROWS);
      });
      expect(midway).toBe(KILLS);
    },
    TIMEOUT,
  );

  it(
    `never leaves a lead half-dispatched, killed ${KILLS} times during a bulk dispatch`,
    async () => {
      // The demo network and 200 of its leads qualified, waiting to be dispatched.
      let ids: number[] = [];
      const location = databases.create('dispatch', (ctx) => {
        seedDemo(ctx);
        seedDemoTerritories(ctx);
        seedDemoLeads(ctx, { count: 300, now: ctx.now() });
        ids = (ctx.db.prepare('SELECT id FROM leads ORDER BY id LIMIT 200').pluck().all() as number[]).map(Number);
        for (const id of ids) expect(dispatch(ctx, 'leads.qualify', { id, temperature: id % 3 === 0 ? 'hot' : 'warm' }, { log: () => {} }).ok).toBe(true);
      });
      expect(ids.length).toBe(200);
      const inList = `lead_id IN (${ids.join(',')})`;
      const open = (db: Db) => count(db, `SELECT count(*) FROM dispatches WHERE ended_at IS NULL AND ${inList}`);

      const next = random(4242);
      let routed = new Set<number>();
      let midway = 0;
      // One bulk dispatch of the leads not routed yet, by a new server after each kill, the last one left to finish.
      for (let k = 0; k <= KILLS; k++) {
        const left = ids.filter((id) => !routed.has(id));
        const server = await startServer(location);
        const call = await signIn(server.origin);
        if (k === KILLS) {
          try {
            expect(await call('routing.dispatchMany', { leadIds: left })).toMatchObject({ ok: true, value: { failed: [] } });
          } finally {
            await stopServer(server);
          }
          break;
        }
        // The answer never comes when the kill lands first.
        const answer = call('routing.dispatchMany', { leadIds: left }).catch(() => null);
        // Killed once a seeded point of the k-th share of the leads is routed (1 to 85 % in all).
        const routedBefore = Math.max(routed.size + 1, Math.floor(((k + 0.2 + next() * 0.75) / KILLS) * 0.85 * ids.length));
        const killed = await killWhen(
          server,
          location,
          (db) => open(db) >= routedBefore,
          (db) => open(db) === ids.length,
        );
        await answer;
        if (!killed) await stopServer(server);
        routed = inspect(location, (db) => {
          // A routed lead has its one open dispatch and its routing event; a lead not reached yet has neither.
          const routedIds = (db.prepare(`SELECT DISTINCT lead_id FROM lead_events WHERE type IN ('dispatched','published','routed_to_head_office') AND ${inList}`).pluck().all() as number[]).map(
            Number,
          );
          expect(open(db)).toBe(routedIds.length);
          expect(count(db, `SELECT count(*) FROM (SELECT lead_id FROM dispatches WHERE ended_at IS NULL AND ${inList} GROUP BY lead_id HAVING count(*) > 1) AS twice`)).toBe(0);
          expect(count(db, `SELECT count(*) FROM leads WHERE id IN (${ids.join(',')}) AND status <> 'qualified'`)).toBeLessThanOrEqual(routedIds.length);
          return new Set(routedIds);
        });
        if (killed && routed.size < ids.length) midway++;
      }
      inspect(location, (db) => {
        expect(open(db)).toBe(ids.length);
        expect(count(db, `SELECT count(DISTINCT lead_id) FROM dispatches WHERE ended_at IS NULL AND ${inList}`)).toBe(ids.length);
        expect(count(db, `SELECT count(*) FROM lead_events WHERE type IN ('dispatched','published','routed_to_head_office') AND ${inList}`)).toBe(ids.length);
      });
      expect(midway).toBe(KILLS);
    },
    TIMEOUT,
  );
});
