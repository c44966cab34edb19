import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dueBackup } from './backup';
import { openDatabase, type Db } from './connection';
import { PostgresDb } from './postgres';
import { createPostgresBackup, postgresBackups } from './pg-backup';
import { createDatabase, dropDatabase, scratchName } from './scratch';

/** A running cluster (tests/run-all.mjs starts one with .ci/pg.sh) and PostgreSQL's client programs; without the cluster these tests are skipped, saying why. */
const URL = process.env.AIGUILLAGE_TEST_PG_URL;
if (!URL) console.warn('core/db/pg-backup.test.ts skipped: set AIGUILLAGE_TEST_PG_URL (bash .ci/pg.sh start prints one)');

const T = Date.UTC(2026, 10, 23, 2); // a Monday
const DAY = 86_400_000;
const BIN = '/usr/lib/postgresql/15/bin';

describe.skipIf(!URL)('PostgreSQL backups (pg_dump, verified by pg_restore)', { timeout: 120_000 }, () => {
  const names = [scratchName('backup_src'), scratchName('backup_back')];
  let url: string;
  let db: Db;
  let dir: string;
  beforeAll(() => {
    url = createDatabase(URL!, names[0]!);
    db = openDatabase(url);
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 1)').run('backup.probe', '"Réseau sauvegardé"');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => {
    db.close();
    for (const name of names) dropDatabase(URL!, name);
  });
  const folder = () => (dir = mkdtempSync(join(tmpdir(), 'aig-pg-backup-')));

  it('dumps the database into a verified archive that restores with its rows, readable by its owner only, on the SQLite schedule', async () => {
    const backups = postgresBackups(url, folder());
    expect(dueBackup(backups.list(), T)).toBe('weekly');
    const info = await backups.take('weekly', T);
    expect(info).toMatchObject({ kind: 'weekly', createdAt: T, name: 'aiguillage-weekly-20261123T020000000Z.dump' });
    expect(statSync(info.file).mode & 0o777).toBe(0o600);
    expect(backups.list().map((b) => b.name)).toEqual([info.name]);
    expect(readdirSync(dir)).toEqual([info.name]);
    expect(dueBackup(backups.list(), T + 3_600_000)).toBeNull();
    expect(dueBackup(backups.list(), T + DAY)).toBe('daily');

    // What a person restoring it gets: the rows.
    const back = createDatabase(URL!, names[1]!);
    execFileSync(join(BIN, 'pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', back, info.file]);
    const restored = new PostgresDb(back);
    expect(restored.prepare("SELECT value FROM settings WHERE key = 'backup.probe'").pluck().get()).toBe('"Réseau sauvegardé"');
    restored.close();
    // The check's scratch database is gone.
    expect(db.prepare("SELECT count(*) FROM pg_database WHERE datname LIKE 'aig_backup_check%'").pluck().get()).toBe(0);
  });

  it('keeps each kind within the age limits of the SQLite backups', async () => {
    const backups = postgresBackups(url, folder());
    await backups.take('daily', T);
    await backups.take('daily', T + DAY);
    // Eight days later the first daily is past its 7 days; the second is 7 days old and stays.
    await backups.take('weekly', T + 8 * DAY);
    expect(backups.list().map((b) => [b.kind, (b.createdAt - T) / DAY])).toEqual([
      ['weekly', 8],
      ['daily', 1],
    ]);
  });

  it('keeps no archive that does not restore, and says why', async () => {
    // pg_dump as it is, pg_restore failing: the archive is deleted, not kept as a backup.
    const bin = mkdtempSync(join(tmpdir(), 'aig-pg-bin-'));
    symlinkSync(join(BIN, 'pg_dump'), join(bin, 'pg_dump'));
    writeFileSync(join(bin, 'pg_restore'), '#!/bin/sh\necho "pg_restore: error: could not read archive" >&2\nexit 1\n');
    chmodSync(join(bin, 'pg_restore'), 0o755);
    process.env.AIGUILLAGE_PG_BIN = bin;
    try {
      await expect(createPostgresBackup(url, folder(), 'daily', T)).rejects.toThrow(/PostgreSQL backup failed: pg_restore: error: could not read archive/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      delete process.env.AIGUILLAGE_PG_BIN;
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('fails clearly on a database that does not exist, leaving nothing behind', async () => {
    const missing = `${URL!.replace(/\/[^/]*$/, '')}/aig_no_such_database`;
    await expect(createPostgresBackup(missing, folder(), 'daily', T)).rejects.toThrow(/PostgreSQL backup failed: .*aig_no_such_database/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
