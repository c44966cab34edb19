import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, sqliteOf } from './connection';
import { AppError } from '../commands/errors';
import { assertSpace, backupDir, createBackup, dueBackup, listBackups, MAX_AGE_DAYS, pruneBackups, verifyDatabaseFile, type BackupKind } from './backup';

function freshDb() {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-backup-')), 'aiguillage.sqlite');
  const db = openDatabase(dbPath);
  db.prepare("INSERT INTO settings VALUES ('ui.theme', '\"dark\"', 1)").run();
  mkdirSync(backupDir(dbPath));
  return { db, dbPath };
}

const T = Date.UTC(2026, 10, 23, 12); // Monday 23 November 2026
const DAY = 86_400_000;

describe('backups', () => {
  it('copy a live database through the online backup API and verify the copy', async () => {
    const { db, dbPath } = freshDb();
    const info = await createBackup(db, dbPath, 'manual', T);
    expect(info.name).toBe('aiguillage-manual-20261123T120000000Z.sqlite');
    expect(verifyDatabaseFile(info.file)).toEqual({ ok: true, problems: [] });
    const copy = new Database(info.file, { readonly: true });
    expect(copy.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    copy.close();
  });

  it('include rows committed in WAL mode but not yet checkpointed', async () => {
    const { db, dbPath } = freshDb();
    sqliteOf(db, 'test').pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO settings VALUES ('ui.locale', '\"fr\"', 2)").run();
    const info = await createBackup(db, dbPath, 'manual', T);
    const copy = new Database(info.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 2 });
    copy.close();
  });

  it('keep the newest 7 daily and 4 weekly backups, and every recent manual one', async () => {
    const { db, dbPath } = freshDb();
    for (let w = 0; w < 6; w++) await createBackup(db, dbPath, 'weekly', T + w * 3 * DAY);
    for (let d = 10; d < 20; d++) await createBackup(db, dbPath, 'daily', T + d * DAY);
    for (let m = 0; m < 3; m++) await createBackup(db, dbPath, 'manual', T + 19 * DAY + m);
    const kinds = listBackups(dbPath).map((b) => b.kind);
    expect(kinds.filter((k) => k === 'daily')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'weekly')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'manual')).toHaveLength(3);
    const dailies = listBackups(dbPath).filter((b) => b.kind === 'daily');
    expect(dailies[0]!.createdAt).toBe(T + 19 * DAY);
  });

  it.each(Object.entries(MAX_AGE_DAYS))('age out %s backups after %i days, with their -wal and -shm files', async (kind, days) => {
    const { db, dbPath } = freshDb();
    const old = await createBackup(db, dbPath, kind as BackupKind, T);
    const young = await createBackup(db, dbPath, kind as BackupKind, T + 2 * DAY);
    // A damaged copy is set aside with its WAL; older versions' checks left -wal/-shm beside backups.
    writeFileSync(`${old.file}-wal`, 'x');
    writeFileSync(`${old.file}-shm`, 'x');
    expect(pruneBackups(dbPath, T + days * DAY)).toEqual([]);
    expect(pruneBackups(dbPath, T + days * DAY + 1)).toEqual([old.name]);
    expect(readdirSync(backupDir(dbPath)).sort()).toEqual([young.name]);
  });

  it('state how long erased data can remain in a backup: every kind has an age limit', () => {
    for (const kind of ['daily', 'weekly', 'manual', 'pre-migration', 'pre-restore', 'damaged'] satisfies BackupKind[]) expect(MAX_AGE_DAYS[kind]).toBeGreaterThan(0);
    expect(Math.max(...Object.values(MAX_AGE_DAYS))).toBe(30);
  });

  it('leave no -wal or -shm file beside a backup, and clean up ones left without their file', async () => {
    const { db, dbPath } = freshDb();
    writeFileSync(join(backupDir(dbPath), 'aiguillage-daily-20200101T000000000Z.sqlite-shm'), 'x');
    const info = await createBackup(db, dbPath, 'manual', T);
    expect(readdirSync(backupDir(dbPath))).toEqual([info.name]);
    expect(verifyDatabaseFile(info.file).ok).toBe(true);
    expect(readdirSync(backupDir(dbPath))).toEqual([info.name]);
  });

  it('say the disk is full, and how much space it needs, instead of "see the log"', async () => {
    const { db, dbPath } = freshDb();
    expect(() => assertSpace(backupDir(dbPath), 50 * 1_048_576, () => 10 * 1_048_576)).toThrow(/needs about 50 MB of disk space in .*backups, 10 MB free \(the disk is full: ENOSPC\)/);
    vi.spyOn(sqliteOf(db, 'test'), 'backup').mockRejectedValueOnce(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    const failed = await createBackup(db, dbPath, 'manual', T).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).message).toMatch(/^The backup needs about 1 MB of disk space in .*ENOSPC/);
    expect(readdirSync(backupDir(dbPath))).toEqual([]);
  });

  it('say which scheduled backup is due', async () => {
    const { db, dbPath } = freshDb();
    expect(dueBackup(listBackups(dbPath), T)).toBe('weekly');
    await createBackup(db, dbPath, 'weekly', T);
    expect(dueBackup(listBackups(dbPath), T + 3600_000)).toBeNull();
    expect(dueBackup(listBackups(dbPath), T + 86_400_000)).toBe('daily');
    expect(dueBackup(listBackups(dbPath), T + 7 * 86_400_000)).toBe('weekly');
  });

  it('report a damaged file instead of trusting it', () => {
    const { dbPath } = freshDb();
    const bad = join(mkdtempSync(join(tmpdir(), 'aig-bad-')), 'bad.sqlite');
    const bytes = readFileSync(dbPath);
    writeFileSync(bad, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(4096, 0xab)]));
    expect(verifyDatabaseFile(bad).ok).toBe(false);
    expect(verifyDatabaseFile(join(tmpdir(), 'no-such-file.sqlite')).ok).toBe(false);
  });
});
