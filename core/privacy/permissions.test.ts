import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup } from '../db/backup';
import { openApp } from '../open';

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe.skipIf(process.platform === 'win32')('personal data on disk', () => {
  it('is readable by its owner only: the database, its WAL files and its backups', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-perm-')), 'data', 'aiguillage.sqlite');
    const previous = process.umask(0o022);
    try {
      const app = await openApp({ dbPath, demo: false });
      app.db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('ui.theme', '"dark"', 1)`).run();
      const backup = await createBackup(app.db, dbPath, 'manual', Date.now());
      expect({ db: mode(dbPath), wal: mode(`${dbPath}-wal`), shm: mode(`${dbPath}-shm`), backup: mode(backup.file), folder: mode(join(dbPath, '..')), backups: mode(join(backup.file, '..')) }).toEqual(
        { db: '600', wal: '600', shm: '600', backup: '600', folder: '700', backups: '700' },
      );
      app.db.close();
    } finally {
      process.umask(previous);
    }
  });
});
