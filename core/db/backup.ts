/**
 * Backups through SQLite's online backup API (never a file copy of a live database, which can
 * catch a half-written page), each one verified by opening it and running integrity_check.
 * Files live in a "backups" folder beside the database, named by kind and time so the folder
 * itself is the catalogue. Retention keeps the newest 7 daily and 4 weekly backups and the 5
 * newest pre-restore copies; the others are kept until removed by hand.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from './connection';

/** pre-restore: the database as it was before a restore (the restore's undo); damaged: a file that failed its check, set aside. */
export type BackupKind = 'daily' | 'weekly' | 'manual' | 'pre-migration' | 'pre-restore' | 'damaged';

export interface BackupInfo {
  file: string;
  name: string;
  kind: BackupKind;
  createdAt: number;
  bytes: number;
}

const NAME = /^aiguillage-(daily|weekly|manual|pre-migration|pre-restore|damaged)-(\d{8}T\d{6}\d{3}Z)\.sqlite$/;
export const RETENTION: Partial<Record<BackupKind, number>> = { daily: 7, weekly: 4, 'pre-restore': 5 };

export function backupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

export function backupName(kind: BackupKind, at: number): string {
  return `aiguillage-${kind}-${stamp(at)}.sqlite`;
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
  await db.backup(file);
  // A copy of the people in the database: readable by its owner only, like the database itself.
  chmodSync(file, 0o600);
  const check = verifyDatabaseFile(file);
  if (!check.ok) {
    rmSync(file, { force: true });
    throw new Error(`The backup failed its integrity check: ${check.problems.join('; ')}`);
  }
  pruneBackups(dbPath);
  return { file, name, kind, createdAt: at, bytes: statSync(file).size };
}

export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupDir(dbPath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const m = NAME.exec(name);
      if (!m) return [];
      const file = join(dir, name);
      return [{ file, name: basename(file), kind: m[1] as BackupKind, createdAt: parseStamp(m[2]!), bytes: statSync(file).size }];
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** Keeps the newest N backups of each kind that has a retention. */
export function pruneBackups(dbPath: string): string[] {
  const removed: string[] = [];
  const backups = listBackups(dbPath);
  for (const [kind, keep] of Object.entries(RETENTION)) {
    for (const old of backups.filter((b) => b.kind === kind).slice(keep)) {
      rmSync(old.file, { force: true });
      removed.push(old.name);
    }
  }
  return removed;
}

/** Which scheduled backup is due now: a weekly one each ISO week, otherwise a daily one each day. */
export function dueBackup(dbPath: string, now: number): BackupKind | null {
  const backups = listBackups(dbPath);
  const week = (t: number) => Math.floor((t / 86_400_000 + 3) / 7); // weeks since the Monday before the epoch
  if (!backups.some((b) => b.kind === 'weekly' && week(b.createdAt) === week(now))) return 'weekly';
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  if (!backups.some((b) => (b.kind === 'daily' || b.kind === 'weekly') && day(b.createdAt) === day(now))) return 'daily';
  return null;
}
