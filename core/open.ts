/**
 * Opening the app's database the way every host does: create the folder (owner-only), check
 * the file (quick_check), back it up before any migration, migrate, check integrity and
 * foreign keys after migrating, mark imports cut off by a crash as interrupted, seal a secret
 * an older version stored in clear, re-apply the
 * erasure ledger (a restored backup may hold people erased since), delete expired erasure
 * comments and backups past their age limit, and fill a brand-new database with the demo
 * network unless asked not to. A corrupt or too-new database is reported as an AppError, never half-opened.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
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
}

/** Leads the demo receives over its six months: a regional network's head office. */
export const DEMO_LEADS = 3000;

export interface OpenedApp extends Context {
  seeded: number;
  /** The pre-migration backup taken on this start, if any. */
  backupFile: string | null;
}

export async function openApp({ dbPath, demo, actor = 'user', now = () => Date.now(), secrets = defaultSecretBox(dbPath), onDemoProgress }: OpenOptions): Promise<OpenedApp> {
  const inMemory = dbPath === ':memory:';
  const isNew = inMemory || !existsSync(dbPath);
  if (!inMemory) mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
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
    const ctx: Context = { db, dbPath, actor, now, secrets };
    sealClearSecrets(ctx);
    applyLedger(ctx);
    expireErasureComments(ctx);
    if (!inMemory) pruneBackups(dbPath, now());
    const seeded = isNew && demo ? (await seedDemoHistory(ctx, { now: now(), leads: DEMO_LEADS, progress: onDemoProgress })).members : 0;
    return { ...ctx, seeded, backupFile };
  } catch (error) {
    db.close();
    throw asDamaged(error);
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
