/**
 * What the server benches share (server.ts: the head office's 50 users; extranet.ts: 400 members'
 * people beside them): a database filled on each engine, `aiguillage serve` started on it (one
 * process on SQLite's file, several on PostgreSQL, each with its connection), a load of people
 * calling it over HTTP, every call timed, and each command's 95th percentile. PostgreSQL is filled
 * as the tables' owner (which alone may VACUUM and ANALYZE them); the servers answer as the
 * application's role, bound by row-level security, as in production.
 *
 * PostgreSQL: the cluster at AIGUILLAGE_BENCH_PG_URL, else the project's own (`.ci/pg.sh`, started
 * for the bench and stopped after when it was not running); without PostgreSQL 15 installed the
 * PostgreSQL half is skipped with a message and the SQLite figures are printed alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../core/commands/define';
import type { ScheduledBackups } from '../../core/db/backup';
import { fileBackups } from '../../core/db/backup';
import { openDatabase } from '../../core/db/connection';
import { postgresBackups } from '../../core/db/pg-backup';
import { PostgresDb } from '../../core/db/postgres';
import { createDatabase, dropDatabase, scratchName } from '../../core/db/scratch';
import { openApp } from '../../core/open';
import { call, CallFailed, startServer, stopServers, type Signed } from '../../host/test-processes';

const root = join(import.meta.dirname, '..', '..');
const PG_BIN = '/usr/lib/postgresql/15/bin/pg_ctl';

export interface ServerLoad<C extends string, U> {
  /** Names the bench in its lines and its scratch files. */
  name: string;
  commands: readonly C[];
  /** Server processes on PostgreSQL. */
  processes: number;
  /** Fills the migrated, empty database; returns the people of the load. */
  fill(ctx: Context, backups: ScheduledBackups): Promise<U>;
  /** The load over the servers' addresses; every call timed (`timer`). */
  load(bases: string[], people: U): Promise<Map<C, number[]>>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Times each call per command; past the time limit a call fails the bench (the server is not
 * keeping up), and so does a call still unanswered at the limit (it would otherwise hold the
 * bench forever).
 */
export function timer<C extends string>(commands: readonly C[], limitMs: number) {
  const latencies = new Map<C, number[]>(commands.map((c) => [c, []]));
  const deadline = performance.now() + limitMs;
  const overtime = () => new CallFailed(`time limit of ${limitMs / 1000} s reached`);
  return {
    latencies,
    async timed(s: Signed, command: C, input: unknown): Promise<unknown> {
      const start = performance.now();
      if (start > deadline) throw overtime();
      let limit: NodeJS.Timeout | undefined;
      try {
        const value = await Promise.race([call(s, command, input), new Promise<never>((_, reject) => (limit = setTimeout(() => reject(overtime()), deadline - start)))]);
        latencies.get(command)!.push(performance.now() - start);
        return value;
      } finally {
        clearTimeout(limit);
      }
    },
  };
}

export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/** Starts the servers on the filled database, runs the load, stops them; each command's p95. */
async function runOn<C extends string, U>(engine: string, processes: number, database: string, dir: string, people: U, bench: ServerLoad<C, U>): Promise<Map<C, number>> {
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(database, dir)));
  try {
    const t = performance.now();
    const latencies = await bench.load(
      servers.map((s) => s.base),
      people,
    );
    const calls = [...latencies.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `${bench.name}, ${engine} (${processes} server process${processes > 1 ? 'es' : ''}): ${calls} calls, 0 errors, in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(2)} over the last minute`,
    );
    const figures = new Map(bench.commands.map((c) => [c, latencies.get(c)!.length ? p95(latencies.get(c)!) : NaN]));
    console.log(`${bench.name}, ${engine}, p95 per command: ${[...figures].map(([c, ms]) => `${c} ${ms.toFixed(1)} ms (${latencies.get(c)!.length} calls)`).join(', ')}`);
    return figures;
  } finally {
    await stopServers(servers);
  }
}

async function filled<U>(engine: string, fill: () => Promise<U>): Promise<U> {
  const t = performance.now();
  const people = await fill();
  console.log(`${engine}: database filled in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return people;
}

async function onSqlite<C extends string, U>(dir: string, bench: ServerLoad<C, U>): Promise<Map<C, number>> {
  const file = join(dir, `${bench.name}.sqlite`);
  const people = await filled('SQLite', async () => {
    const ctx = await openApp({ dbPath: file, demo: false, actor: 'bench' });
    try {
      return await bench.fill(ctx, fileBackups(ctx.db, file));
    } finally {
      ctx.db.close();
    }
  });
  return runOn('SQLite', 1, file, dir, people, bench);
}

async function onPostgres<C extends string, U>(dir: string, cluster: string, bench: ServerLoad<C, U>): Promise<Map<C, number>> {
  const name = scratchName(`aig_bench_${bench.name}`);
  const url = createDatabase(cluster, name);
  try {
    const people = await filled('PostgreSQL', async () => {
      const db = openDatabase(url);
      try {
        return await bench.fill({ db, dbPath: url, actor: 'bench', now: () => Date.now() }, postgresBackups(url, join(dir, 'backups')));
      } finally {
        db.close();
      }
    });
    return await runOn('PostgreSQL', bench.processes, url, dir, people, bench);
  } finally {
    dropDatabase(cluster, name);
  }
}

/** The cluster to use and whether the bench started it; null when PostgreSQL is not there. */
function postgresCluster(): { url: string; stop: () => void } | null {
  const given = process.env.AIGUILLAGE_BENCH_PG_URL;
  if (given) return { url: given, stop: () => {} };
  if (!existsSync(PG_BIN)) return null;
  const pg = (action: string) => execFileSync('bash', [join(root, '.ci', 'pg.sh'), action], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  if (answers(() => pg('url'))) return { url: pg('url'), stop: () => {} };
  return { url: pg('start'), stop: () => pg('stop') };
}

/** Whether the project's own cluster already runs (then the bench leaves it running). */
function answers(url: () => string): boolean {
  try {
    new PostgresDb(url()).close();
    return true;
  } catch {
    return false;
  }
}

/** The same load on SQLite (the baseline), then on PostgreSQL: each command's p95 on both, PostgreSQL's null when it is not installed. */
export async function onBothEngines<C extends string, U>(bench: ServerLoad<C, U>): Promise<{ sqlite: Map<C, number>; postgres: Map<C, number> | null }> {
  const dir = mkdtempSync(join(tmpdir(), `aig-bench-${bench.name}-`));
  try {
    const sqlite = await onSqlite(dir, bench);
    const cluster = postgresCluster();
    if (!cluster) {
      console.log(`PostgreSQL 15 is not installed (${PG_BIN}): the PostgreSQL half of the ${bench.name} bench is skipped (SQLite's figures above).`);
      return { sqlite, postgres: null };
    }
    try {
      return { sqlite, postgres: await onPostgres(dir, cluster.url, bench) };
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
