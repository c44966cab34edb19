/**
 * The file half of a restore: check that a backup can replace the database, set a damaged
 * database aside (its evidence is kept, never deleted), and put the backup in place. The
 * connection to the database is closed by the caller first; the copy goes to a temporary file
 * beside the database and is renamed over it, so a crash mid-way leaves either file whole.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { backupDir, verifyDatabaseFile, type BackupInfo } from './backup';
import { SCHEMA_VERSION } from './migrate';

/** Throws unless the backup passes its integrity check and this app knows its schema. */
export function restorable(backup: BackupInfo): void {
  const check = verifyDatabaseFile(backup.file);
  if (!check.ok)
    throw new AppError(
      'conflict',
      tr(`This backup is damaged too: ${check.problems.slice(0, 2).join('; ')}`, `Cette sauvegarde est endommagée elle aussi : ${check.problems.slice(0, 2).join(' ; ')}`),
    );
  const db = new Database(backup.file, { readonly: true, fileMustExist: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  db.close();
  if (version > SCHEMA_VERSION) {
    throw new AppError(
      'conflict',
      tr(
        `This backup was written by a newer version of Aiguillage (schema ${version}); update the app to restore it.`,
        `Cette sauvegarde vient d’une version plus récente d’Aiguillage (schéma ${version}) ; mettez l’application à jour pour la restaurer.`,
      ),
    );
  }
}

/** Copies the database file and its WAL, as they are, into the backups folder under `name`. */
export function setAside(dbPath: string, name: string): void {
  if (!existsSync(dbPath)) return;
  const target = join(backupDir(dbPath), name);
  copyFileSync(dbPath, target);
  chmodSync(target, 0o600);
  if (existsSync(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${target}-wal`);
}

/** Copies the backup beside the database first, so nothing done after (a pre-restore backup) can change it. */
export function stageBackup(dbPath: string, backup: BackupInfo): string {
  const staged = `${dbPath}.restoring`;
  copyFileSync(backup.file, staged);
  chmodSync(staged, 0o600);
  return staged;
}

/** Renames the staged copy over the (closed) database. */
export function putInPlace(dbPath: string, staged: string): void {
  // The old WAL belongs to the old file: replayed over the backup it would corrupt it.
  rmSync(`${dbPath}-wal`, { force: true });
  rmSync(`${dbPath}-shm`, { force: true });
  renameSync(staged, dbPath);
}
