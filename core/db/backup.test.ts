import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './connection';
import { createBackup, dueBackup, listBackups, verifyDatabaseFile } from './backup';

function freshDb() {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-backup-')), 'aiguillage.sqlite');
  const db = openDatabase(dbPath);
  db.prepare("INSERT INTO settings VALUES ('ui.theme', '\"dark\"', 1)").run();
  return { db, dbPath };
}

const T = Date.UTC(2026, 10, 23, 12); // Monday 23 November 2026

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
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO settings VALUES ('ui.locale', '\"fr\"', 2)").run();
    const info = await createBackup(db, dbPath, 'manual', T);
    const copy = new Database(info.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 2 });
    copy.close();
  });

  it('keep the newest 7 daily and 4 weekly backups, and every manual one', async () => {
    const { db, dbPath } = freshDb();
    for (let d = 0; d < 10; d++) await createBackup(db, dbPath, 'daily', T + d * 86_400_000);
    for (let w = 0; w < 6; w++) await createBackup(db, dbPath, 'weekly', T + w * 7 * 86_400_000);
    for (let m = 0; m < 3; m++) await createBackup(db, dbPath, 'manual', T + m);
    const kinds = listBackups(dbPath).map((b) => b.kind);
    expect(kinds.filter((k) => k === 'daily')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'weekly')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'manual')).toHaveLength(3);
    const dailies = listBackups(dbPath).filter((b) => b.kind === 'daily');
    expect(dailies[0]!.createdAt).toBe(T + 9 * 86_400_000);
  });

  it('say which scheduled backup is due', async () => {
    const { db, dbPath } = freshDb();
    expect(dueBackup(dbPath, T)).toBe('weekly');
    await createBackup(db, dbPath, 'weekly', T);
    expect(dueBackup(dbPath, T + 3600_000)).toBeNull();
    expect(dueBackup(dbPath, T + 86_400_000)).toBe('daily');
    expect(dueBackup(dbPath, T + 7 * 86_400_000)).toBe('weekly');
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
