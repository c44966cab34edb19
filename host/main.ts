/**
 * Browser mode: opens the database, serves the built renderer and the core on 127.0.0.1 and
 * prints the URL with this run's token.
 *   tsx host/main.ts [--db FILE] [--no-demo] [--port N]
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { defaultDatabasePath } from '../core/db/location';
import { openApp } from '../core/open';
import { AppError } from '../core/commands/errors';
import { createHost } from './server';
import { startScheduler } from '../core/jobs/scheduler';

const { values } = parseArgs({
  options: { db: { type: 'string' }, 'no-demo': { type: 'boolean' }, port: { type: 'string', default: '0' }, static: { type: 'string' } },
});

const dbPath = resolve(values.db ?? defaultDatabasePath());
let ctx;
try {
  ctx = await openApp({ dbPath, demo: !values['no-demo'] });
} catch (error) {
  console.error(error instanceof AppError ? `Cannot open ${dbPath}: ${error.message}` : error);
  process.exit(1);
}
if (ctx.seeded) console.log(`New database: added the demo network (${ctx.seeded} members).`);

const host = createHost({ ctx, staticDir: resolve(values.static ?? 'out/renderer') });
// Re-routing overdue leads, sending mail, scheduled backups. Tests shorten the interval.
const scheduler = startScheduler(ctx, Number(process.env.AIGUILLAGE_JOBS_INTERVAL_MS ?? 60_000));
const origin = await host.listen(Number(values.port));
console.log(`Aiguillage (browser mode) - database ${dbPath}`);
console.log(`Open ${origin}/?token=${host.token}`);
console.log('Press Ctrl+C to stop.');

const stop = () => {
  scheduler.stop();
  host.close().finally(() => {
    ctx.db.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
