/**
 * Throwaway PostgreSQL databases, for tests: each is cloned from a template database (a copy
 * of the template's files, much faster than running the migrations again) and dropped after.
 * The cluster is the one `.ci/pg.sh` starts; its URL names the database to connect to first.
 */
import { randomBytes } from 'node:crypto';
import { PostgresDb } from './postgres';

/** The same server and user, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const admins = new Map<string, PostgresDb>();
// Connections end with the process, not in the middle of its teardown.
process.once('exit', () => admins.forEach((db) => db.close()));

/** One connection per cluster for CREATE / DROP DATABASE (they cannot run inside a transaction). */
function admin(url: string): PostgresDb {
  let db = admins.get(url);
  if (!db?.open) admins.set(url, (db = new PostgresDb(url)));
  return db;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function scratchName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A new empty database (or a copy of `template`), and its URL. */
export function createDatabase(url: string, name: string, template?: string): string {
  // FILE_COPY copies the template's files at once; the default (WAL_LOG) logs every page, slower for small databases.
  admin(url).exec(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)} STRATEGY FILE_COPY` : ''}`);
  return withDatabase(url, name);
}

/** Drops a database, ending any connection still open on it. */
export function dropDatabase(url: string, name: string): void {
  admin(url).exec(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
}

/**
 * Test databases: a template migrated once per migration list, then per test process a few
 * databases cloned from it (one per context a test holds at once), each reset before reuse by
 * one script that empties every table and puts back the rows and sequence values the
 * migrations left (kept in the template's schema aig_pristine). Measured on 40 tables: a
 * clone costs 0.3-1 s, the reset under 10 ms; why this way: docs/design/engines.md.
 */
const PRISTINE = 'aig_pristine';

/** The template for this migration list, created and migrated by the first process that needs it. */
export function migratedTemplate(url: string, fingerprint: string, migrateIt: (db: PostgresDb) => void): string {
  const name = `aig_template_${fingerprint}`;
  const a = admin(url);
  // Test processes start together: one creates the template, the others wait for it.
  a.exec('SELECT pg_advisory_lock(4242001)');
  try {
    dropLeftovers(a, name);
    if (!a.prepare('SELECT 1 FROM pg_database WHERE datname = ?').get(name)) {
      a.exec(`DROP DATABASE IF EXISTS ${quote(`${name}_building`)}`);
      const db = new PostgresDb(createDatabase(url, `${name}_building`));
      try {
        migrateIt(db);
        keepPristine(db);
      } finally {
        db.close();
      }
      a.exec(`ALTER DATABASE ${quote(`${name}_building`)} RENAME TO ${quote(name)}`);
    }
  } finally {
    a.exec('SELECT pg_advisory_unlock(4242001)');
  }
  return name;
}

/** Test databases of processes that have ended (their pid is in the name), and templates of older migration lists. */
function dropLeftovers(a: PostgresDb, template: string): void {
  const names = a.prepare("SELECT datname FROM pg_database WHERE datname LIKE 'aig\\_t\\_%' OR (datname LIKE 'aig\\_template\\_%' AND datname <> ?)").pluck().all(template) as string[];
  for (const name of names) {
    const pid = /^aig_t_(\d+)_/.exec(name)?.[1];
    if (pid && alive(Number(pid))) continue;
    try {
      a.exec(`DROP DATABASE IF EXISTS ${quote(name)}`);
    } catch {
      // Still in use (another run on this cluster): left for a later run.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Copies the rows the migrations wrote, and the sequences' positions, beside the tables, with the script that restores them. */
function keepPristine(db: PostgresDb): void {
  const tables = db.prepare("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").pluck().all() as string[];
  const sequences = db
    .prepare("SELECT schemaname || '.' || sequencename AS name, coalesce(last_value, start_value) AS value, last_value IS NOT NULL AS called FROM pg_sequences WHERE schemaname = 'public'")
    .all() as { name: string; value: number; called: number }[];
  db.exec(`CREATE SCHEMA ${PRISTINE}`);
  const steps = ['SET session_replication_role = replica']; // no triggers, no foreign-key checks while emptying
  for (const t of tables) {
    steps.push(`DELETE FROM public.${quote(t)}`);
    const rows = db
      .prepare(`SELECT count(*) FROM public.${quote(t)}`)
      .pluck()
      .get() as number;
    if (!rows) continue;
    db.exec(`CREATE TABLE ${PRISTINE}.${quote(t)} AS SELECT * FROM public.${quote(t)}`);
    steps.push(`INSERT INTO public.${quote(t)} OVERRIDING SYSTEM VALUE SELECT * FROM ${PRISTINE}.${quote(t)}`);
  }
  for (const s of sequences) steps.push(`SELECT setval('${s.name.replace(/'/g, "''")}', ${s.value}, ${s.called ? 'true' : 'false'})`);
  steps.push('SET session_replication_role = origin');
  db.exec(`CREATE TABLE ${PRISTINE}.reset (script text NOT NULL)`);
  db.prepare(`INSERT INTO ${PRISTINE}.reset VALUES (?)`).run(steps.join(';\n'));
}

interface Slot {
  url: string;
  db: PostgresDb;
  /** The test holding it; null: held by a whole file (made outside any test); undefined: free. */
  heldBy: string | null | undefined;
}

const slots: Slot[] = [];
let resetScript: string | undefined;

/**
 * A database in the state the migrations leave, for the test named `test` (null outside a
 * test: kept for the whole file). Databases held by an earlier test are reused, reset first.
 */
export function testDatabase(url: string, template: string, test: string | null | undefined): PostgresDb {
  let slot = slots.find((s) => s.heldBy !== null && s.heldBy !== test);
  if (!slot) {
    // Named by process and template: the next test file in this process finds it and resets it instead of cloning again.
    const name = `aig_t_${process.pid}_${template.slice(-12)}_${slots.length}`;
    const exists = admin(url).prepare('SELECT 1 FROM pg_database WHERE datname = ?').get(name);
    const dbUrl = exists ? withDatabase(url, name) : createDatabase(url, name, template);
    slots.push((slot = { url: dbUrl, db: new PostgresDb(dbUrl), heldBy: test }));
    if (!exists) return slot.db;
  }
  if (!slot.db.open) slot.db = new PostgresDb(slot.url);
  resetScript ??= slot.db.prepare(`SELECT script FROM ${PRISTINE}.reset`).pluck().get() as string;
  slot.db.exec(resetScript);
  slot.heldBy = test;
  return slot.db;
}
