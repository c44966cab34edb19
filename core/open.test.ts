import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteDb, sqliteOf } from './db/connection';
import { openApp } from './open';
import { migrate, schemaVersion, SCHEMA_VERSION } from './db/migrate';
import { migrations } from './db/migrations';
import { listBackups } from './db/backup';

const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'aig-open-')), 'data', 'aiguillage.sqlite');

describe('opening the app database', () => {
  // The demo played on a first start, and a first start cut off, are tests/unit/crash/demo-start.test.ts.
  it('starts empty with --no-demo, and never seeds an existing database', async () => {
    const dbPath = tmpDb();
    (await openApp({ dbPath, demo: false })).db.close();
    const again = await openApp({ dbPath, demo: true });
    expect(again.seeded).toBe(0);
    expect(again.db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 0 });
    again.db.close();
  });

  it('backs up an older database before migrating it', async () => {
    const dbPath = tmpDb();
    mkdirSync(dirname(dbPath), { recursive: true });
    const old = sqliteDb(new Database(dbPath));
    migrate(old, migrations, SCHEMA_VERSION - 1); // the file as an older app left it
    old.close();
    const app = await openApp({ dbPath, demo: false });
    expect(app.backupFile).toMatch(/aiguillage-pre-migration-.*\.sqlite$/);
    expect(listBackups(dbPath).map((b) => b.kind)).toEqual(['pre-migration']);
    const backup = new Database(app.backupFile!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1);
    backup.close();
    expect(schemaVersion(app.db)).toBe(SCHEMA_VERSION);
    app.db.close();
  });

  it('refuses a damaged file with a clear error and leaves it as it was', async () => {
    const dbPath = tmpDb();
    const app = await openApp({ dbPath, demo: false });
    sqliteOf(app.db, 'test').pragma('wal_checkpoint(TRUNCATE)');
    app.db.close();
    const bytes = readFileSync(dbPath);
    const damaged = Buffer.from(bytes);
    damaged.fill(0x5a, 4096 * 2, Math.min(bytes.length, 4096 * 4));
    writeFileSync(dbPath, damaged);
    await expect(openApp({ dbPath, demo: true })).rejects.toMatchObject({ code: 'db_corrupt', message: expect.stringContaining('Restore a backup') });
    expect(readFileSync(dbPath).equals(damaged)).toBe(true);
  });
});
