/**
 * Server mode on PostgreSQL: the database at a postgres:// URL, migrated, with the demo network on
 * first use, behind the same `call` the SQLite Session offers the host. The session's file
 * methods answer what a server has: its status (always open; a damaged cluster is the DBA's,
 * not the recovery screen's) and no backups on demand nor restores from the app: the scheduled
 * backups are pg_dump archives in the backups folder (core/db/pg-backup.ts), restored with
 * pg_restore by whoever runs the server. Secrets
 * (the SMTP password) are sealed with a key file given on the command line, since there is no
 * database file to keep it beside.
 */
import { callerContext, type CallOptions, type DatabaseStatus } from '../core/app/session';
import { dispatchAsync } from '../core/commands/dispatch';
import type { Context } from '../core/commands/define';
import type { Result } from '../core/commands/errors';
import { openDatabase } from '../core/db/connection';
import { openPostgres } from '../core/db/postgres';
import { appRoleUrl, assertBoundByPolicies } from '../core/db/row-security';
import { seedDemo } from '../core/demo/network';
import { seedDemoLeads } from '../core/demo/leads';
import { seedDemoTerritories } from '../core/demo/territories';
import { tr, withLanguage } from '../core/language';
import { keyFileBox } from '../core/settings/secrets';
import { postgresBackups } from '../core/db/pg-backup';

export interface PostgresApp {
  ctx: Context;
  /** Where the requests sign in, as the application's role (for a thread's own connection). */
  appUrl: string;
  seeded: number;
  call(method: string, input: unknown, options: CallOptions): Promise<Result<unknown>>;
  close(): void;
}

/** The URL without its password, for the status line and the logs. */
export const shownUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export interface PostgresAppOptions {
  demo: boolean;
  secretKeyFile: string;
  backupsDir: string;
  /** Where the requests sign in, as the application's role; by default `url` as that role (core/db/row-security.ts). */
  appUrl?: string;
  /** The server's public address, for the links of the members' mails (Context.linkOrigin). */
  linkOrigin?: string;
}

/**
 * Migrates as the tables' owner (`url`, which the scheduled pg_dump uses too), then serves every
 * request and job as the application's role, which row-level security binds: the head office
 * through its policies, a member's person within their member's rows.
 */
export function openPostgresApp(url: string, { demo, secretKeyFile, backupsDir, appUrl = appRoleUrl(url), linkOrigin }: PostgresAppOptions): PostgresApp {
  openDatabase(url).close();
  const db = openPostgres(appUrl);
  try {
    assertBoundByPolicies(db);
  } catch (error) {
    db.close();
    throw error;
  }
  // A server process serves one request at a time, and several processes share the machine's
  // cores: a query's parallel workers would take them from the other processes' requests. On the
  // server bench's 50,000 waiting leads, the queue's count took 21-34 ms with two workers against
  // 12-20 ms without, on a loaded 2-core machine.
  db.exec('SET max_parallel_workers_per_gather = 0');
  const ctx: Context = {
    db,
    dbPath: shownUrl(url),
    actor: 'server',
    now: () => Date.now(),
    secrets: keyFileBox(secretKeyFile),
    backups: postgresBackups(url, backupsDir),
    ...(linkOrigin ? { linkOrigin } : {}),
  };
  const empty = Number((db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n) === 0 && Number((db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n) === 0;
  let seeded = 0;
  if (demo && empty) {
    seeded = seedDemo(ctx);
    seedDemoTerritories(ctx);
    seedDemoLeads(ctx, { count: 3000, now: ctx.now() });
  }
  return {
    ctx,
    appUrl,
    seeded,
    async call(method, input, { actor, member, userId, ...options }) {
      if (method === 'database.status') {
        const status: DatabaseStatus = { dbPath: ctx.dbPath, problem: null, backups: [] };
        return { ok: true, value: status };
      }
      if (method === 'database.backup' || method === 'database.restore') {
        const message = withLanguage(options.language ?? 'en', () =>
          tr('On PostgreSQL, back up and restore with pg_dump and pg_restore.', 'Sur PostgreSQL, sauvegardez et restaurez avec pg_dump et pg_restore.'),
        );
        return { ok: false, error: { code: 'conflict', message } };
      }
      return dispatchAsync(callerContext(ctx, { actor, member, userId }), method, input, options);
    },
    close: () => db.close(),
  };
}
