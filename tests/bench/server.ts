/**
 * Server mode under load (issue 17): `aiguillage serve` on a 50,000-lead database, 50 people
 * signed in at once (their own session cookie and CSRF token), each at a brisk person's pace (a
 * command, then 1 to 3 s to read it: a qualifier on the phone takes far longer, so this is a
 * peak of about 25 calls a second): 40 qualifiers working the queue (the queue, a lead
 * qualified, then dispatched, a search) and 10 managers (the dashboard, a search). Every person
 * does a bounded number of rounds, within a time limit; any failed call fails the bench. The
 * figure is each command's 95th percentile latency as the client sees it, on PostgreSQL, with
 * the same load on SQLite as its baseline (side by side), against the goal of 100 ms.
 * How the engines, servers and people are run: server-load.ts.
 */
import { signIn, type Signed } from '../../host/test-processes';
import { generator } from '../../core/demo/leads';
import { fillServerDatabase, type BenchUser } from './server-fixture';
import { onBothEngines, sleep, timer } from './server-load';
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
/**
 * Server processes on PostgreSQL, each with its connection (docs/design/engines.md), the people
 * shared among them as a proxy would; SQLite's file has one. Two per core of a 2-core machine: a
 * process waiting for PostgreSQL (whose own work takes most of a request's time there) leaves the
 * core to another, and one slow request holds a quarter of the people instead of half.
 */
export const PG_PROCESSES = 4;
export const HEAD_OFFICE_COMMANDS = ['queue.list', 'leads.qualify', 'routing.dispatch', 'leads.list', 'kpi.dashboard'] as const;
export type HeadOfficeCommand = (typeof HEAD_OFFICE_COMMANDS)[number];
const SEARCHES = ['Martin', 'Dubois', 'Petit', 'Lyon', 'Nantes', 'Moreau', 'Julie', 'Lefèvre', 'gmail', 'Rennes'];

/** The highest lead id a qualifier of `rounds` rounds may take (their walk below): leads above it are free for others. */
export const qualifiersReach = (qualifiers: number, rounds: number) => qualifiers + (rounds - 1) * qualifiers * 40;

/**
 * One head-office person's rounds, each call timed then 1 to 3 s of reading: a qualifier (index
 * below `qualifiers`) works the queue (the queue, a lead qualified then dispatched, a search), a
 * manager reads the dashboard and searches.
 */
export async function headOfficePerson(
  s: Signed,
  index: number,
  { qualifiers, rounds, timed }: { qualifiers: number; rounds: number; timed: (s: Signed, command: HeadOfficeCommand, input: unknown) => Promise<unknown> },
) {
  const r = generator(index + 1);
  // Each person's first call comes at a random instant of the first 3 s, as people sit down at
  // different moments (the extranet's members do the same): 50 first calls at the very same
  // instant were a burst no office makes, and a sixth of all the queue's and dashboard's calls.
  await sleep(r() * THINK_MS[1]);
  const step = async (command: HeadOfficeCommand, input: unknown) => {
    await timed(s, command, input);
    await sleep(THINK_MS[0] + r() * (THINK_MS[1] - THINK_MS[0]));
  };
  // Each qualifier takes leads of their own (ids in their residue class), so no two collide on one lead.
  let next = index + 1;
  for (let round = 0; round < rounds; round++) {
    const search = SEARCHES[Math.floor(r() * SEARCHES.length)]!;
    if (index < qualifiers) {
      await step('queue.list', { order: r() < 0.5 ? 'oldest' : 'hottest', limit: 50 });
      const id = next;
      next += qualifiers * (1 + Math.floor(r() * 40));
      await step('leads.qualify', { id, temperature: r() < 0.5 ? 'hot' : 'warm' });
      await step('routing.dispatch', { leadId: id });
      await step('leads.list', { search, limit: 50 });
    } else {
      await step('kpi.dashboard', { from: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) });
      await step('leads.list', { search, limit: 50 });
    }
  }
}

/** The load itself: every person's rounds, each call timed; returns the latencies per command. */
async function load(bases: string[], users: BenchUser[]): Promise<Map<HeadOfficeCommand, number[]>> {
  const signed = await Promise.all(users.map((u, i) => signIn(bases[i % bases.length]!, u)));
  const { latencies, timed } = timer(HEAD_OFFICE_COMMANDS, TIME_LIMIT_MS);
  const qualifiers = users.filter((u) => u.role === 'qualifier').length;
  await Promise.all(signed.map((s, i) => headOfficePerson(s, i, { qualifiers, rounds: ROUNDS, timed })));
  for (const s of signed) s.agent.destroy();
  return latencies;
}

export async function benchServer(report: Report): Promise<void> {
  const figures = await onBothEngines({
    name: 'server',
    commands: HEAD_OFFICE_COMMANDS,
    processes: PG_PROCESSES,
    fill: (ctx, backups) => fillServerDatabase(ctx, { leads: LEADS, qualifiers: QUALIFIERS, managers: MANAGERS }, backups),
    load,
  });
  if (!figures.postgres) return;
  for (const command of HEAD_OFFICE_COMMANDS) {
    report({ name: `server: 50 users, p95 ${command} (PostgreSQL; baseline SQLite)`, value: figures.postgres.get(command)!, unit: 'ms', baseline: figures.sqlite.get(command)!, goal: GOAL_MS });
  }
}
