/**
 * Server mode under load (issue 17): `aiguillage serve` on a 50,000-lead database, 50 people
 * signed in at once (their own session cookie and CSRF token), each at a brisk person's pace (a
 * command, then 1 to 3 s to read it: a qualifier on the phone takes far longer, so this is a
 * peak of about 25 calls a second): 40 qualifiers working the queue (the queue, a lead
 * qualified, then dispatched, a search) and 10 managers (the dashboard, a search). Every person
 * does a bounded number of rounds, within a time limit; any failed call fails the bench. The
 * figure is each command's 95th percentile latency as the client sees it, on PostgreSQL, with
 * the same load on SQLite as its baseline (side by side), against the goal of 100 ms.
 *
 * PostgreSQL: the cluster at AIGUILLAGE_BENCH_PG_URL, else the project's own (`.ci/pg.sh`, started
 * for the bench and stopped after when it was not running); without PostgreSQL 15 installed the
 * PostgreSQL half is skipped with a message and the SQLite figures are printed alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../core/open';
import { fileBackups } from '../../core/db/backup';
import { createDatabase, dropDatabase, scratchName } from '../../core/db/scratch';
import { PostgresDb } from '../../core/db/postgres';
import { openDatabase } from '../../core/db/connection';
import { postgresBackups } from '../../core/db/pg-backup';
import { call, CallFailed, signIn, startServer, stopServers, type Signed } from '../../host/test-processes';
import { generator } from '../../core/demo/leads';
import { fillServerDatabase, type BenchUser } from './server-fixture';
import type { Report } from './report';

const LEADS = 50_000;
const QUALIFIERS = 40;
const MANAGERS = 10;
/** Rounds per person: a qualifier's round is four commands, a manager's two. */
const ROUNDS = 6;
/** Six rounds take about a minute at that pace; past this the server is not keeping up and the bench fails. */
const TIME_LIMIT_MS = 240_000;
const THINK_MS = [1000, 3000] as const;
const GOAL_MS = 100;
/** Server processes on PostgreSQL, each with its connection (docs/design/engines.md), the people shared among them as a proxy would; SQLite's file has one. */
const PG_PROCESSES = 2;
const COMMANDS = ['queue.list', 'leads.qualify', 'routing.dispatch', 'leads.list', 'kpi.dashboard'] as const;
type Command = (typeof COMMANDS)[number];
const SEARCHES = ['Martin', 'Dubois', 'Petit', 'Lyon', 'Nantes', 'Moreau', 'Julie', 'Lefèvre', 'gmail', 'Rennes'];

const root = join(import.meta.dirname, '..', '..');
const PG_BIN = '/usr/lib/postgresql/15/bin/pg_ctl';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The load itself: every person's rounds, each call timed; returns the latencies per command. */
async function load(bases: string[], users: BenchUser[]): Promise<Map<Command, number[]>> {
  const signed = await Promise.all(users.map((u, i) => signIn(bases[i % bases.length]!, u)));
  const latencies = new Map<Command, number[]>(COMMANDS.map((c) => [c, []]));
  const deadline = performance.now() + TIME_LIMIT_MS;
  const qualifiers = users.filter((u) => u.role === 'qualifier').length;
  const person = async (s: Signed, index: number) => {
    const r = generator(index + 1);
    const timed = async (command: Command, input: unknown) => {
      if (performance.now() > deadline) throw new CallFailed(`time limit of ${TIME_LIMIT_MS / 1000} s reached`);
      const start = performance.now();
      const value = await call(s, command, input);
      latencies.get(command)!.push(performance.now() - start);
      await sleep(THINK_MS[0] + r() * (THINK_MS[1] - THINK_MS[0]));
      return value;
    };
    // Each qualifier takes leads of their own (ids in their residue class), so no two collide on one lead.
    let next = index + 1;
    for (let round = 0; round < ROUNDS; round++) {
      const search = SEARCHES[Math.floor(r() * SEARCHES.length)]!;
      if (index < qualifiers) {
        await timed('queue.list', { order: r() < 0.5 ? 'oldest' : 'hottest', limit: 50 });
        const id = next;
        next += qualifiers * (1 + Math.floor(r() * 40));
        await timed('leads.qualify', { id, temperature: r() < 0.5 ? 'hot' : 'warm' });
        await timed('routing.dispatch', { leadId: id });
        await timed('leads.list', { search, limit: 50 });
      } else {
        await timed('kpi.dashboard', { from: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) });
        await timed('leads.list', { search, limit: 50 });
      }
    }
  };
  await Promise.all(signed.map((s, i) => person(s, i)));
  for (const s of signed) s.agent.destroy();
  return latencies;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/** Builds the database (`fill`), starts a server on it, runs the load, stops the server. */
async function runOn(engine: string, processes: number, database: string, dir: string, fill: () => Promise<BenchUser[]>): Promise<Map<Command, number>> {
  let t = performance.now();
  const users = await fill();
  console.log(`${engine}: ${LEADS.toLocaleString('en-US')} leads and ${users.length} users in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(database, dir)));
  try {
    t = performance.now();
    const latencies = await load(
      servers.map((s) => s.base),
      users,
    );
    const calls = [...latencies.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `${engine} (${processes} server process${processes > 1 ? 'es' : ''}): ${calls} calls, 0 errors, in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(2)} over the last minute`,
    );
    const figures = new Map(COMMANDS.map((c) => [c, p95(latencies.get(c)!)]));
    console.log(`${engine}, p95 per command: ${[...figures].map(([c, ms]) => `${c} ${ms.toFixed(1)} ms`).join(', ')}`);
    return figures;
  } finally {
    await stopServers(servers);
  }
}

const fillCounts = { leads: LEADS, qualifiers: QUALIFIERS, managers: MANAGERS };

async function onSqlite(dir: string): Promise<Map<Command, number>> {
  const file = join(dir, 'server.sqlite');
  return runOn('SQLite', 1, file, dir, async () => {
    const ctx = await openApp({ dbPath: file, demo: false, actor: 'bench' });
    try {
      return await fillServerDatabase(ctx, fillCounts, fileBackups(ctx.db, file));
    } finally {
      ctx.db.close();
    }
  });
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

async function onPostgres(dir: string, cluster: string): Promise<Map<Command, number>> {
  const name = scratchName('aig_bench_server');
  const url = createDatabase(cluster, name);
  try {
    return await runOn('PostgreSQL', PG_PROCESSES, url, dir, async () => {
      // Filled as the tables' owner, which alone may ANALYZE them; the servers then answer as the application's role.
      const db = openDatabase(url);
      try {
        return await fillServerDatabase({ db, dbPath: url, actor: 'bench', now: () => Date.now() }, fillCounts, postgresBackups(url, join(dir, 'backups')));
      } finally {
        db.close();
      }
    });
  } finally {
    dropDatabase(cluster, name);
  }
}

export async function benchServer(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aig-bench-server-'));
  try {
    const sqlite = await onSqlite(dir);
    const cluster = postgresCluster();
    if (!cluster) {
      console.log(`PostgreSQL 15 is not installed (${PG_BIN}): the PostgreSQL half of the server bench is skipped (SQLite's figures above).`);
      return;
    }
    let postgres: Map<Command, number>;
    try {
      postgres = await onPostgres(dir, cluster.url);
    } finally {
      cluster.stop();
    }
    for (const command of COMMANDS) {
      report({ name: `server: 50 users, p95 ${command} (PostgreSQL; baseline SQLite)`, value: postgres.get(command)!, unit: 'ms', baseline: sqlite.get(command)!, goal: GOAL_MS });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
