/**
 * Server mode: the renderer and the command table for a whole head office, each person signed
 * in with their own account (host/accounts.ts), on 127.0.0.1 behind a reverse proxy or on HTTPS
 * with a certificate.
 *   aiguillage serve --database FILE|postgres://… --listen 127.0.0.1:PORT [--cert FILE --key FILE]
 *                    [--origin https://public.name] [--trust-proxy] [--no-demo] [--admin-email E]
 *                    [--secret-key FILE]   (PostgreSQL: the key sealing secrets, made on first use)
 *                    [--backups DIR]       (PostgreSQL: the scheduled pg_dump archives; SQLite's go beside its file)
 *                    [--app-database URL]  (PostgreSQL: where requests sign in as aiguillage_app; default: --database's
 *                                           URL as that role, no password; --database's role owns the tables and migrates)
 * With no user yet, --admin-email creates the first administrator and prints a one-time
 * password (to change at once: Users > Reset password); without it the server says how to
 * create one with `aiguillage users add`, which reads the password from stdin.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Session, type CallOptions } from '../core/app/session';
import type { Context } from '../core/commands/define';
import type { Result } from '../core/commands/errors';
import { isPostgresUrl } from '../core/db/connection';
import { createUser } from '../core/users/commands';
import { countUsers } from '../core/users/store';
import { accountsGuard } from './accounts';
import { jobsInterval, runJobs, stopOnSignals } from './lifecycle';
import { startScheduler } from '../core/jobs/scheduler';
import { createHost } from './server';
import { openPostgresApp } from './postgres-app';
import { startRollupProcess } from './rollup-process';
import { warmUp } from './warm-up';

const USAGE = `usage: aiguillage serve --database FILE|postgres://… --listen 127.0.0.1:PORT [--cert FILE --key FILE] [--origin URL] [--trust-proxy] [--no-demo] [--admin-email E] [--secret-key FILE] [--backups DIR] [--app-database URL]`;

/** What the host serves, on either engine. */
interface Served {
  ctx: () => Context | null;
  seeded: number;
  location: string;
  call(method: string, input: unknown, options: CallOptions): Promise<Result<unknown>>;
  /** Starts the background jobs; returns their stop. */
  jobs(): { stop: () => void };
  close(): void;
}

async function open(database: string, demo: boolean, secretKeyFile: string, backupsDir: string, appUrl: string | undefined, linkOrigin: string | undefined): Promise<Served | string> {
  if (isPostgresUrl(database)) {
    const app = openPostgresApp(database, { demo, secretKeyFile, backupsDir, appUrl, linkOrigin });
    return {
      ctx: () => app.ctx,
      seeded: app.seeded,
      location: app.ctx.dbPath,
      call: app.call,
      // Every server process ticks; each job runs in one of them at a time (core/jobs/once.ts).
      // The dashboard's stored totals are also kept up to date between ticks, by a process beside.
      jobs: () => {
        const scheduler = startScheduler(app.ctx, jobsInterval());
        const rollup = startRollupProcess(app.appUrl);
        return { stop: () => (scheduler.stop(), void rollup.stop()) };
      },
      close: app.close,
    };
  }
  const dbPath = resolve(database);
  const session = await Session.open({ dbPath, demo, linkOrigin });
  if (!session.ctx) return `The database cannot be opened (${session.status().problem?.message}). Restore a backup in browser mode first.`;
  return {
    ctx: () => session.ctx,
    seeded: session.ctx.seeded,
    location: dbPath,
    call: (method, input, options) => session.call(method, input, options),
    jobs: () => runJobs(session),
    close: () => session.close(),
  };
}

export async function serve(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        database: { type: 'string' },
        listen: { type: 'string', default: '127.0.0.1:8080' },
        cert: { type: 'string' },
        key: { type: 'string' },
        origin: { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        'admin-email': { type: 'string' },
        'secret-key': { type: 'string', default: '.server/postgres.secret-key' },
        backups: { type: 'string', default: '.server/backups' },
        'app-database': { type: 'string' },
        static: { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const listen = /^(.+):(\d+)$/.exec(values.listen);
  if (!values.database || !listen || Boolean(values.cert) !== Boolean(values.key)) {
    console.error(USAGE);
    return 2;
  }
  const linkOrigin = values.origin?.replace(/\/+$/, '');
  if (linkOrigin !== undefined && !/^https?:\/\/[^\s/?#]+$/.test(linkOrigin)) {
    console.error(`--origin must be an address such as https://aiguillage.example.fr (scheme and host, no path).\n${USAGE}`);
    return 2;
  }
  // The members' mails link to the public address: without --origin they carry no link (core/mail/links.ts).
  const served = await open(values.database, !values['no-demo'], resolve(values['secret-key']), resolve(values.backups), values['app-database'], linkOrigin);
  if (typeof served === 'string') {
    console.error(served);
    return 1;
  }
  const ctx = served.ctx()!;
  if (served.seeded) console.log(`New database: added the demo network (${served.seeded} members).`);
  if (countUsers(ctx.db) === 0) {
    if (values['admin-email']) {
      const { user, password } = createUser({ ...ctx, actor: 'serve' }, { email: values['admin-email'], displayName: 'Administrator', role: 'administrator' });
      console.log(`First administrator: ${user.email}, one-time password: ${password} (change it after signing in: Users > Reset password).`);
    } else {
      console.log(
        `No user yet: create the first administrator with\n  aiguillage users add --role administrator --email you@example.fr --name "Your name" --db ${served.location}\n(the password is read from stdin), or start again with --admin-email.`,
      );
    }
  }
  const tls = values.cert && values.key ? { cert: readFileSync(values.cert), key: readFileSync(values.key) } : undefined;
  const secure = Boolean(tls) || (values.origin ?? '').startsWith('https:');
  const host = createHost({
    call: served.call,
    staticDir: resolve(values.static ?? 'out/renderer'),
    guard: accountsGuard({ ctx: served.ctx, secure, trustProxy: values['trust-proxy'] }),
    tls,
    publicOrigin: values.origin,
  });
  warmUp(ctx);
  const jobs = served.jobs();
  const origin = await host.listen(Number(listen[2]), listen[1]);
  console.log(`Aiguillage (server) - database ${served.location}`);
  console.log(`Listening on ${origin}${values.origin ? ` (public address ${values.origin})` : ''}`);
  stopOnSignals(served, host, jobs);
  return 0;
}

if (process.argv[1]?.endsWith('host/serve.ts') || process.argv[1]?.endsWith('main/serve.js')) {
  const code = await serve(process.argv.slice(2));
  if (code !== 0) process.exit(code);
}
