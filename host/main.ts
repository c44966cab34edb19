/**
 * Browser mode: opens the database, serves the built renderer and the core on 127.0.0.1 and
 * prints the URL with this run's token.
 *   tsx host/main.ts [--db FILE] [--no-demo] [--port N]
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { defaultDatabasePath } from '../core/db/location';
import { Session } from '../core/app/session';
import { createHost } from './server';
import { runJobs, stopOnSignals } from './lifecycle';
import { demoProgressLog } from '../core/demo/history';

const { values } = parseArgs({
  options: { db: { type: 'string' }, 'no-demo': { type: 'boolean' }, port: { type: 'string', default: '0' }, static: { type: 'string' } },
});

const dbPath = resolve(values.db ?? defaultDatabasePath());
// A damaged or too-new database still starts the host: the renderer shows the recovery screen.
const session = await Session.open({ dbPath, demo: !values['no-demo'], onDemoProgress: demoProgressLog(console.log) }).catch((error: unknown) => {
  console.error(`Cannot open ${dbPath}:`, error instanceof Error ? error.message : error);
  process.exit(1);
});
if (session.ctx?.seeded) console.log(`New database: added the demo network (${session.ctx.seeded} members).`);
if (!session.ctx) console.log(`The database cannot be opened (${session.status().problem?.message}); the app offers its backups.`);

const host = createHost({ call: (method, input, options) => session.call(method, input, options), staticDir: resolve(values.static ?? 'out/renderer') });
const jobs = runJobs(session);
const origin = await host.listen(Number(values.port));
console.log(`Aiguillage (browser mode) - database ${dbPath}`);
console.log(`Open ${origin}/?token=${host.token}`);
console.log('Press Ctrl+C to stop.');
stopOnSignals(session, host, jobs);
