/**
 * Opening the app's database the way every host does: create the folder (owner-only), check
 * the file (quick_check), back it up before any migration, migrate, check integrity and
 * foreign keys after migrating, mark imports cut off by a crash as interrupted, seal a secret
 * an older version stored in clear, re-apply the
 * erasure ledger (a restored backup may hold people erased since), delete expired erasure
 * comments and backups past their age limit, and fill a brand-new database with the demo
 * network unless asked not to. A corrupt or too-new database is reported as an AppError, never half-opened.
 * The demo is played into a file beside the database and renamed into place once whole: a first
 * start cut off meanwhile leaves no database, so the next start plays the demo again.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context } from './commands/define';
import { AppError } from './commands/errors';
import { openConnection, type Db } from './db/connection';
import { migrate, schemaVersion, SCHEMA_VERSION } from './db/migrate';
import { createBackup, pruneBackups } from './db/backup';
import { dbFailure } from './db/errors';
import { integrityProblems } from './db/maintenance';
import { seedDemoHistory } from './demo/history';
import { markInterrupted } from './intake/store';
import { expireErasureComments } from './privacy/audit';
import { applyLedger } from './privacy/ledger';
import { defaultSecretBox, sealClearSecrets, type SecretBox } from './settings/secrets';

export interface OpenOptions {
  dbPath: string;
  demo: boolean;
  actor?: string;
  now?: () => number;
  /** How secrets are sealed at rest; default: a key file beside the database (settings/secrets.ts). */
  secrets?: SecretBox;
  /** Told how far the demo's six months have been played, on a first start (it takes a few seconds). */
  onDemoProgress?: (day: number, days: number) => void;
  /** The server's public address, for the links of the members' mails (Context.linkOrigin). */
  linkOrigin?: string;
}

/** Leads the demo receives over its six months: a regional network's head office. */
export const DEMO_LEADS = 3000;

export interface OpenedApp extends Context {
  seeded: number;
  /** The pre-migration backup taken on this start, if any. */
  backupFile: string | null;
}

export async function openApp({ dbPath, demo, actor = 'user', now = () => Date.now(), secrets = defaultSecretBox(dbPath), onDemoProgress, linkOrigin }: OpenOptions): Promise<OpenedApp> {
  const inMemory = dbPath === ':memory:';
  if (!inMemory) mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  let demoMembers = 0;
  if (!inMemory && demo && !existsSync(dbPath)) demoMembers = await buildDemo(dbPath, { actor, now, secrets, onDemoProgress });
  const isNew = inMemory || !existsSync(dbPath);
  let db: Db;
  try {
    db = openConnection(dbPath);
  } catch (error) {
    throw asDamaged(error);
  }
  try {
    if (!inMemory) chmodSync(dbPath, 0o600);
    if (!isNew) assertHealthy(db, 'quick');
    const before = schemaVersion(db);
    let backupFile: string | null = null;
    if (!isNew && before > 0 && before < SCHEMA_VERSION) backupFile = (await createBackup(db, dbPath, 'pre-migration', now())).file;
    migrate(db);
    if (!isNew && before < SCHEMA_VERSION) assertHealthy(db, 'full');
    markInterrupted(db, now());
    const ctx: Context = { db, dbPath, actor, now, secrets, ...(linkOrigin ? { linkOrigin } : {}) };
    sealClearSecrets(ctx);
    applyLedger(ctx);
    expireErasureComments(ctx);
    if (!inMemory) pruneBackups(dbPath, now());
    const seeded = isNew && demo ? (await seedDemoHistory(ctx, { now: now(), leads: DEMO_LEADS, progress: onDemoProgress })).members : demoMembers;
    return { ...ctx, seeded, backupFile };
  } catch (error) {
    db.close();
    throw asDamaged(error);
  }
}

/**
 * Plays the demo into `<dbPath>.demo-building` (a leftover of a start cut off is discarded first),
 * then renames it to `dbPath`: the rename is atomic, so `dbPath` is either absent or a whole demo.
 * Returns the members seeded.
 */
async function buildDemo(dbPath: string, options: Required<Pick<OpenOptions, 'actor' | 'now' | 'secrets'>> & Pick<OpenOptions, 'onDemoProgress'>): Promise<number> {
  const building = `${dbPath}.demo-building`;
  const discard = () => {
    for (const file of [building, `${building}-wal`, `${building}-shm`]) rmSync(file, { force: true });
  };
  discard();
  const db = openConnection(building);
  try {
    chmodSync(building, 0o600);
    migrate(db);
    const ctx: Context = { db, dbPath: building, actor: options.actor, now: options.now, secrets: options.secrets };
    const { members } = await seedDemoHistory(ctx, { now: options.now(), leads: DEMO_LEADS, progress: options.onDemoProgress });
    // Closing the last connection checkpoints the WAL into the file and removes it: one file to rename.
    db.close();
    renameSync(building, dbPath);
    return members;
  } catch (error) {
    if (db.open) db.close();
    discard();
    throw error;
  }
}

/** The engine's own "this is not a sound database" errors, wherever they surface, become db_corrupt. */
function asDamaged(error: unknown): unknown {
  if (dbFailure(error) === 'corrupt') {
    return new AppError('db_corrupt', `The database file is damaged: ${(error as Error).message}. Restore a backup.`);
  }
  return error;
}

function assertHealthy(db: Db, depth: 'quick' | 'full'): void {
  let problems: string[];
  try {
    problems = integrityProblems(db, depth);
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length) throw new AppError('db_corrupt', `The database file is damaged: ${problems.slice(0, 3).join('; ')}. Restore a backup.`);
}
