/**
 * Backups of a PostgreSQL database (server mode): `pg_dump --format=custom` into a folder of the
 * server's own (`aiguillage serve --backups DIR`), on the schedule and with the age limits of the
 * SQLite backups (backup.ts: a weekly one each ISO week, a daily one each other day, the same
 * MAX_AGE_DAYS and counts, so an erased person leaves every backup by the same date). Each
 * archive is verified by restoring it with `pg_restore` into a scratch database, which is then
 * dropped: an archive that does not restore is deleted and the failure reported, never kept as
 * a backup. The archive is written under a temporary name and renamed once verified, so the
 * folder (the catalogue) never lists a half-written or unchecked one. The password, if the URL
 * has one, goes to pg_dump and pg_restore through PGPASSWORD, not on a command line others can
 * read in the process list.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backupName, listBackupsIn, pruneBackupsIn, type BackupInfo, type BackupKind, type ScheduledBackups } from './backup';
import { createDatabase, dropDatabase, scratchName } from './scratch';

export const PG_BACKUP = '.dump';
const run = promisify(execFile);

/** PostgreSQL's client programs: AIGUILLAGE_PG_BIN, else Debian's PostgreSQL 15, else the PATH. */
function program(name: 'pg_dump' | 'pg_restore'): string {
  const dir = process.env.AIGUILLAGE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  return existsSync(join(dir, name)) ? join(dir, name) : name;
}

/** The URL without its password, and the password for PGPASSWORD. */
function splitPassword(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** Restores the archive into a scratch database of the same cluster; throws with pg_restore's message if it does not restore. */
async function verifyArchive(url: string, file: string): Promise<void> {
  const name = scratchName('aig_backup_check');
  const scratch = splitPassword(createDatabase(url, name));
  try {
    await run(program('pg_restore'), ['--exit-on-error', '--no-owner', '--no-privileges', '--dbname', scratch.url, file], { env: scratch.env });
  } finally {
    dropDatabase(url, name);
  }
}

export async function createPostgresBackup(url: string, dir: string, kind: BackupKind, now: number): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let at = now;
  while (existsSync(join(dir, backupName(kind, at, PG_BACKUP)))) at++;
  const name = backupName(kind, at, PG_BACKUP);
  const file = join(dir, name);
  const partial = `${file}.partial`;
  const source = splitPassword(url);
  try {
    await run(program('pg_dump'), ['--format=custom', '--file', partial, '--dbname', source.url], { env: source.env });
    // A copy of the people in the database: readable by its owner only.
    chmodSync(partial, 0o600);
    await verifyArchive(url, partial);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`The PostgreSQL backup failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
  pruneBackupsIn(dir, now, PG_BACKUP);
  return { file, name, kind, createdAt: at, bytes: statSync(file).size };
}

export function postgresBackups(url: string, dir: string): ScheduledBackups {
  return { list: () => listBackupsIn(dir, PG_BACKUP), take: (kind, now) => createPostgresBackup(url, dir, kind, now) };
}
