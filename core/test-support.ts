/**
 * Helpers for unit tests: a fresh database and a call function over the table. The database is
 * SQLite in memory, or with AIGUILLAGE_TEST_ENGINE=postgres a fresh PostgreSQL database on the
 * server named by AIGUILLAGE_TEST_PG_URL (tests/run-all.mjs sets both for its PostgreSQL pass).
 */
import { createHash } from 'node:crypto';
import { expect, onTestFinished } from 'vitest';
import { openDatabase, type Db } from './db/connection';
import { migrate, migrationsFor } from './db/migrate';
import { migratedTemplate, testDatabase } from './db/scratch';
import { dispatch, dispatchAsync } from './commands/dispatch';
import type { Context } from './commands/define';
import type { Input, Method, Output } from './commands/table';
import type { Result } from './commands/errors';
import type { Language } from './language';

// ':memory:' on both engines: the database has no file (no file backups, no key file beside it).
export function testContext(now = Date.UTC(2026, 10, 23, 9, 0)): Context {
  return { db: testDb(), dbPath: ':memory:', actor: 'test', now: () => now };
}

const POSTGRES_URL = process.env.AIGUILLAGE_TEST_ENGINE === 'postgres' ? postgresUrl() : null;

function postgresUrl(): string {
  const url = process.env.AIGUILLAGE_TEST_PG_URL;
  if (!url) throw new Error('AIGUILLAGE_TEST_ENGINE=postgres needs AIGUILLAGE_TEST_PG_URL (bash .ci/pg.sh start prints one)');
  return url;
}

/** One template per migration list: a migration edited before it ships gets a new one. */
function template(url: string): string {
  const list = migrationsFor('postgres');
  const fingerprint = createHash('sha1')
    .update(list.map((m) => `${m.name}:${m.up.toString()}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return migratedTemplate(url, fingerprint, (db) => migrate(db, list));
}

// Cloning the file's first database takes a second or more: done while the file loads, outside any test's time limit.
const TEMPLATE = POSTGRES_URL ? template(POSTGRES_URL) : null;
if (POSTGRES_URL && TEMPLATE) testDatabase(POSTGRES_URL, TEMPLATE, undefined);

/**
 * The PostgreSQL cluster and the migrated template of this run, for a test that needs databases
 * other processes open by their URL (a server it starts and kills): null on SQLite.
 */
export function testPostgres(): { url: string; template: string } | null {
  return POSTGRES_URL && TEMPLATE ? { url: POSTGRES_URL, template: TEMPLATE } : null;
}

function testDb(): Db {
  if (!POSTGRES_URL || !TEMPLATE) return openDatabase(':memory:');
  // Databases made outside a test (describe, beforeAll) serve the whole file; a test's are reset for the next.
  return testDatabase(POSTGRES_URL, TEMPLATE, expect.getState().currentTestName ?? null);
}

/**
 * Makes writes to `table` fail with `message` (a full disk, a crash) for the rows where `when`
 * holds (a condition on NEW), until the test ends or the returned function is called. SQLite: a
 * TEMP trigger raising ABORT; PostgreSQL: a row trigger whose function raises an exception,
 * dropped at the end of the test because the test's database is reused by the next one.
 */
export function failWrites(db: Db, name: string, event: 'BEFORE INSERT' | 'AFTER UPDATE', table: string, message: string, when = '1 = 1'): () => void {
  const text = `'${message.replace(/'/g, "''")}'`;
  if (db.engine === 'sqlite') {
    db.exec(`CREATE TEMP TRIGGER ${name} ${event} ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, ${text}); END`);
  } else {
    db.exec(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fail$ BEGIN IF ${when} THEN RAISE EXCEPTION ${text}; END IF; RETURN NEW; END $fail$;
      CREATE TRIGGER ${name} ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  }
  let dropped = false;
  const drop = () => {
    if (dropped || !db.open) return;
    dropped = true;
    db.exec(db.engine === 'sqlite' ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}()`);
  };
  onTestFinished(drop);
  return drop;
}

// AIGUILLAGE_TEST_LOG=1 prints what lies behind a command's `internal` answer (on PostgreSQL, the failing SQL).
const testLog = (message: string, error: unknown) => {
  if (process.env.AIGUILLAGE_TEST_LOG) console.error(message, error);
};

export function caller(ctx: Context, language: Language = 'en') {
  const tryCall = <M extends Method>(method: M, input: Input<M>) => dispatch(ctx, method, input, { log: testLog, language }) as Result<Output<M>>;
  const call = <M extends Method>(method: M, input: Input<M>): Output<M> => {
    const result = tryCall(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  /** The same for any command, asynchronous ones included (intake.preview). */
  const tryCallAsync = <M extends Method>(method: M, input: Input<M>) => dispatchAsync(ctx, method, input, { log: testLog, language }) as Promise<Result<Output<M>>>;
  const callAsync = async <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    const result = await tryCallAsync(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  return { call, tryCall, callAsync, tryCallAsync };
}

/** An export job's file (exports.download), polled until rendered as the window polls it; a failed render throws. */
export async function downloaded(call: ReturnType<typeof caller>['call'], jobId: string) {
  for (let i = 0; i < 1200; i++) {
    const job = call('exports.download', { jobId });
    if (job.status === 'done') return job;
    if (job.status === 'failed') throw new Error(job.message);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`export ${jobId} still running after 30 s`);
}

export const validMember = {
  name: 'Solaire Touraine',
  kind: 'installer' as const,
  postalCode: '37000',
  city: 'Tours',
  capacityPerWeek: 12,
  priorityCoefficient: 1.5,
  radiusKm: 40,
};
