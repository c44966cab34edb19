/**
 * Backups through SQLite's online backup API (never a file copy of a live database, which can
 * catch a half-written page), each one verified by opening it and running integrity_check.
 * Files live in a "backups" folder beside the database, named by kind and time so the folder
 * itself is the catalogue. Every kind has an age limit (MAX_AGE_DAYS), so a person erased
 * today has left every backup once the longest limit has passed (the README promises it);
 * the daily, weekly and pre-restore kinds also keep only their newest few. Pruning runs after
 * each backup and at each open. A backup is stored in rollback-journal mode, so opening it to
 * check it leaves no -wal/-shm files beside it.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { sqliteOf, type Db } from './connection';
import { dbFailure } from './errors';
import { databaseBytes } from './maintenance';

/** pre-restore: the database as it was before a restore (the restore's undo); damaged: a file that failed its check, set aside. */
export type BackupKind = 'daily' | 'weekly' | 'manual' | 'pre-migration' | 'pre-restore' | 'damaged';

export interface BackupInfo {
  file: string;
  name: string;
  kind: BackupKind;
  createdAt: number;
  bytes: number;
}

/** A SQLite database file; PostgreSQL's backups are pg_dump archives (pg-backup.ts), in a folder of their own. */
export const SQLITE_BACKUP = '.sqlite';
const nameRe = (ext: string) => new RegExp(`^aiguillage-(daily|weekly|manual|pre-migration|pre-restore|damaged)-(\\d{8}T\\d{6}\\d{3}Z)\\${ext}$`);
/** How many of the newest backups of a kind are kept at most. */
export const RETENTION: Partial<Record<BackupKind, number>> = { daily: 7, weekly: 4, 'pre-restore': 5 };
/** Days a backup of each kind is kept at most: the longest is how long erased data can remain in a backup. */
export const MAX_AGE_DAYS: Record<BackupKind, number> = { daily: 7, weekly: 28, manual: 30, 'pre-migration': 30, 'pre-restore': 30, damaged: 30 };
const DAY_MS = 86_400_000;
/** SQLite's companions of a database file, which must go with it. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

export function backupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

export function backupName(kind: BackupKind, at: number, ext = SQLITE_BACKUP): string {
  return `aiguillage-${kind}-${stamp(at)}${ext}`;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

function parseStamp(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s)!;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
}

/** Checks a database file without changing it: "ok" or the first problems found. */
export function verifyDatabaseFile(file: string): { ok: boolean; problems: string[] } {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`${fk.length} rows break a foreign key`);
    return { ok: problems.length === 0, problems };
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  } finally {
    db?.close();
  }
}

export async function createBackup(db: Db, dbPath: string, kind: BackupKind, now: number): Promise<BackupInfo> {
  const dir = backupDir(dbPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Two backups in the same millisecond (a restore and its undo) must not share a file.
  let at = now;
  while (existsSync(join(dir, backupName(kind, at)))) at++;
  const name = backupName(kind, at);
  const file = join(dir, name);
  const needed = databaseBytes(db);
  assertSpace(dir, needed);
  try {
    await sqliteOf(db, 'A file backup').backup(file);
    // A copy of the people in the database: readable by its owner only, like the database itself.
    chmodSync(file, 0o600);
    selfContained(file);
  } catch (error) {
    removeWithCompanions(file);
    if (isDiskFull(error)) throw diskFull(dir, needed);
    throw error;
  }
  const check = verifyDatabaseFile(file);
  removeCompanions(file);
  if (!check.ok) {
    removeWithCompanions(file);
    throw new Error(`The backup failed its integrity check: ${check.problems.join('; ')}`);
  }
  pruneBackups(dbPath, now);
  return { file, name, kind, createdAt: at, bytes: statSync(file).size };
}

/** The copy inherits WAL mode from the database; in rollback mode it is one file, and reading it creates none. */
function selfContained(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Refuses before writing anything when the disk cannot hold the copy (free space as the OS reports it to this user). */
export function assertSpace(
  dir: string,
  needed: number,
  free = (d: string) => {
    const s = statfsSync(d);
    return s.bavail * s.bsize;
  },
): void {
  let available: number;
  try {
    available = free(dir);
  } catch {
    return; // No figure on this system: the copy itself will say if the disk fills.
  }
  if (available < needed) throw diskFull(dir, needed, available);
}

function isDiskFull(error: unknown): boolean {
  return dbFailure(error) === 'disk_full' || /disk is full|ENOSPC/i.test(String((error as Error).message));
}

const mb = (bytes: number) => `${Math.ceil(bytes / 1_048_576)} MB`;

function diskFull(dir: string, needed: number, available?: number): AppError {
  const free = available === undefined ? '' : tr(`, ${mb(available)} free`, `, ${mb(available)} libres`);
  return new AppError(
    'conflict',
    tr(
      `The backup needs about ${mb(needed)} of disk space in ${dir}${free} (the disk is full: ENOSPC). Free some space and try again.`,
      `La sauvegarde demande environ ${mb(needed)} d’espace disque dans ${dir}${free} (disque plein : ENOSPC). Libérez de la place et réessayez.`,
    ),
  );
}

function removeCompanions(file: string): void {
  for (const suffix of COMPANIONS) rmSync(file + suffix, { force: true });
}

function removeWithCompanions(file: string): void {
  rmSync(file, { force: true });
  removeCompanions(file);
}

export function listBackups(dbPath: string): BackupInfo[] {
  return listBackupsIn(backupDir(dbPath), SQLITE_BACKUP);
}

/** The backups in a folder, newest first: the folder is the catalogue. */
export function listBackupsIn(dir: string, ext: string): BackupInfo[] {
  const name = nameRe(ext);
  return safeList(dir)
    .flatMap((file) => {
      const m = name.exec(file);
      if (!m) return [];
      const path = join(dir, file);
      return [{ file: path, name: file, kind: m[1] as BackupKind, createdAt: parseStamp(m[2]!), bytes: statSync(path).size }];
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Removes the backups past their kind's age limit or beyond its count, each with its -wal/-shm
 * companions, and companions left without their file (by an older version's checks).
 */
export function pruneBackups(dbPath: string, now: number): string[] {
  return pruneBackupsIn(backupDir(dbPath), now, SQLITE_BACKUP);
}

export function pruneBackupsIn(dir: string, now: number, ext: string): string[] {
  const removed: string[] = [];
  const backups = listBackupsIn(dir, ext);
  for (const kind of Object.keys(MAX_AGE_DAYS) as BackupKind[]) {
    const ofKind = backups.filter((b) => b.kind === kind);
    const keep = RETENTION[kind] ?? Infinity;
    ofKind.forEach((b, i) => {
      if (i < keep && now - b.createdAt <= MAX_AGE_DAYS[kind] * DAY_MS) return;
      removeWithCompanions(b.file);
      removed.push(b.name);
    });
  }
  for (const name of safeList(dir)) {
    const base = COMPANIONS.reduce((n, suffix) => (n.endsWith(suffix) ? n.slice(0, -suffix.length) : n), name);
    if (base !== name && nameRe(ext).test(base) && !existsSync(join(dir, base))) rmSync(join(dir, name), { force: true });
  }
  return removed;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Which scheduled backup is due now: a weekly one each ISO week, otherwise a daily one each day. */
export function dueBackup(backups: BackupInfo[], now: number): BackupKind | null {
  const week = (t: number) => Math.floor((t / 86_400_000 + 3) / 7); // weeks since the Monday before the epoch
  if (!backups.some((b) => b.kind === 'weekly' && week(b.createdAt) === week(now))) return 'weekly';
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  if (!backups.some((b) => (b.kind === 'daily' || b.kind === 'weekly') && day(b.createdAt) === day(now))) return 'daily';
  return null;
}

/** Where the scheduled backups go and how one is taken: files beside a SQLite database, pg_dump archives for PostgreSQL (pg-backup.ts). */
export interface ScheduledBackups {
  list(): BackupInfo[];
  take(kind: BackupKind, now: number): Promise<BackupInfo>;
}

export function fileBackups(db: Db, dbPath: string): ScheduledBackups {
  return { list: () => listBackups(dbPath), take: (kind, now) => createBackup(db, dbPath, kind, now) };
}
