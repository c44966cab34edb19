/**
 * The rollup process beside a server process on PostgreSQL (rollup-process.ts starts it): keeps
 * the dashboard's stored totals up to date in the background, from a connection of its own. A
 * dispatch, an accept or a step marks its days dirty; rebuilt in the dashboard's own request, they
 * held that request and every other request of its server process for as long: the server
 * bench's slow dashboards (at a load of 10 on the 2-core machine) each rebuilt 1 to 40 days, 20 to
 * 430 round trips, 100 to 700 ms, while the sections took 20 to 100 ms. Here the rebuild holds no
 * request: while one of these leads, a dashboard reads the totals as they are (rollup.ts, `wait:
 * false`), which miss at most the changes of the last moments (a look every EVERY_MS, then the
 * rebuild's own time).
 *
 * One of these rebuilds at a time across every server process: the one that holds the
 * `rollupProcess` lock (core/jobs/once.ts) for as long as it lives; the others try again now and
 * then, so when its server stops another takes over. It ends when its server's IPC channel closes.
 */
import type { Db } from '../core/db/engine';
import { openPostgres } from '../core/db/postgres';
import { exclusively } from '../core/jobs/once';
import { refreshRollup, rollupDue } from '../core/kpi/rollup';
import { readSettings } from '../core/settings/read';

export type RollupChildMessage = { failed: string };

/**
 * Between two looks at the dirty marks while leading, at least: a dashboard misses at most this
 * long's changes, and the rebuild's. After a rebuild, at least as long as it took, so the process
 * takes at most half a core from the requests when changes pour in (the extranet's 400 members
 * answering), its rebuilds then taking more days at once.
 */
const EVERY_MS = 100;
/** Between two tries to lead, for the other server processes' rollup processes. */
const FOLLOW_MS = 5000;
/** Days rebuilt per transaction, so that one does not hold the totals' lock for long after a large import. */
const DAYS_PER_PASS = 31;
/** After a failure (the database restarting), before trying again. */
const AFTER_FAILURE_MS = 10_000;

/** The connection, opened again after a failure (the database restarted: the old one is gone). */
let db: Db | null = null;

function connect(): Db {
  const opened = openPostgres(process.env.AIGUILLAGE_ROLLUP_URL!);
  // As the server's own connection (host/postgres-app.ts): the cores are for the requests.
  opened.exec('SET max_parallel_workers_per_gather = 0');
  return opened;
}

// Its server stopped or died. Only ever heard between two awaits, so no transaction is open.
process.on('disconnect', () => {
  db?.close();
  process.exit(0);
});
// Started as its server was already stopping: the channel closed before the handler above was
// there, and nothing would end this process.
if (!process.connected) process.exit(0);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lead(connection: Db): Promise<never> {
  for (;;) {
    const started = performance.now();
    const settings = readSettings({ db: connection });
    if (rollupDue(connection, settings['sla.businessHours'], settings['sla.targets'])) {
      // The months crossed by filter are the scheduler's, a month or two a tick (thousands of rows each): not every pass's.
      refreshRollup(connection, settings['sla.businessHours'], settings['sla.targets'], DAYS_PER_PASS, { crossMonths: 0 });
    }
    await pause(Math.max(EVERY_MS, performance.now() - started));
  }
}

for (;;) {
  try {
    db ??= connect();
    const connection = db;
    await exclusively(connection, 'rollupProcess', () => lead(connection));
    await pause(FOLLOW_MS);
  } catch (error) {
    // A failed send means the server has just gone (its channel closing): end as on `disconnect`.
    if (process.connected) process.send!({ failed: error instanceof Error ? error.message : String(error) } satisfies RollupChildMessage, (failed: Error | null) => failed && process.exit(0));
    if (db?.open) db.close();
    db = null;
    await pause(AFTER_FAILURE_MS);
  }
}
