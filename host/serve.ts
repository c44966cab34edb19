/**
 * Server mode: the renderer and the command table for a whole head office, each person signed
 * in with their own account (host/accounts.ts), on 127.0.0.1 behind a reverse proxy or on HTTPS
 * with a certificate.
 *   aiguillage serve --database FILE --listen 127.0.0.1:PORT [--cert FILE --key FILE]
 *                    [--origin https://public.name] [--trust-proxy] [--no-demo] [--admin-email E]
 * With no user yet, --admin-email creates the first administrator and prints a one-time
 * password (to change at once: Users > Reset password); without it the server says how to
 * create one with `aiguillage users add`, which reads the password from stdin.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Session } from '../core/app/session';
import { createUser } from '../core/users/commands';
import { countUsers } from '../core/users/store';
import { accountsGuard } from './accounts';
import { runJobs, stopOnSignals } from './lifecycle';
import { createHost } from './server';

const USAGE = `usage: aiguillage serve --database FILE --listen 127.0.0.1:PORT [--cert FILE --key FILE] [--origin URL] [--trust-proxy] [--no-demo] [--admin-email E]`;

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
  if (/^postgres(ql)?:\/\//.test(values.database)) {
    console.error('This build serves a SQLite database file; PostgreSQL arrives with the engine adapter (issue 17, part 1).');
    return 2;
  }
  const dbPath = resolve(values.database);
  const session = await Session.open({ dbPath, demo: !values['no-demo'] });
  const ctx = session.ctx;
  if (!ctx) {
    console.error(`The database cannot be opened (${session.status().problem?.message}). Restore a backup in browser mode first.`);
    return 1;
  }
  if (ctx.seeded) console.log(`New database: added the demo network (${ctx.seeded} members).`);
  if (countUsers(ctx.db) === 0) {
    if (values['admin-email']) {
      const { user, password } = createUser({ ...ctx, actor: 'serve' }, { email: values['admin-email'], displayName: 'Administrator', role: 'administrator' });
      console.log(`First administrator: ${user.email}, one-time password: ${password} (change it after signing in: Users > Reset password).`);
    } else {
      console.log(`No user yet: create the first administrator with\n  aiguillage users add --role administrator --email you@example.fr --name "Your name" --db ${dbPath}\n(the password is read from stdin).`);
    }
  }
  const tls = values.cert && values.key ? { cert: readFileSync(values.cert), key: readFileSync(values.key) } : undefined;
  const secure = Boolean(tls) || (values.origin ?? '').startsWith('https:');
  const host = createHost({
    call: (method, input, options) => session.call(method, input, options),
    staticDir: resolve(values.static ?? 'out/renderer'),
    guard: accountsGuard({ ctx: () => session.ctx, secure, trustProxy: values['trust-proxy'] }),
    tls,
    publicOrigin: values.origin,
  });
  const jobs = runJobs(session);
  const origin = await host.listen(Number(listen[2]), listen[1]);
  console.log(`Aiguillage (server) - database ${dbPath}`);
  console.log(`Listening on ${origin}${values.origin ? ` (public address ${values.origin})` : ''}`);
  stopOnSignals(session, host, jobs);
  return 0;
}

if (process.argv[1]?.endsWith('host/serve.ts') || process.argv[1]?.endsWith('main/serve.js')) {
  const code = await serve(process.argv.slice(2));
  if (code !== 0) process.exit(code);
}
