import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, scratchName } from '../core/db/scratch';
import { listAudit } from '../core/privacy/audit';
import { APP_ROLE } from '../core/db/row-security';
import { openPostgresApp, shownUrl } from './postgres-app';

const PG_URL = process.env.AIGUILLAGE_TEST_PG_URL;

describe('server mode on PostgreSQL', () => {
  it('hides the password of the URL it shows', () => {
    expect(shownUrl('postgres://app:s3cret@db.example:5432/aiguillage')).toBe('postgres://app:***@db.example:5432/aiguillage');
    expect(shownUrl('postgres://app@127.0.0.1:5432/aiguillage')).toBe('postgres://app@127.0.0.1:5432/aiguillage');
  });

  it.skipIf(!PG_URL)('migrates a new database as its owner, answers the commands as the application’s role, and refuses file backups', { timeout: 60_000 }, async () => {
    const name = scratchName('serve');
    const url = createDatabase(PG_URL!, name);
    try {
      const dir = mkdtempSync(join(tmpdir(), 'aig-pg-serve-'));
      const options = { demo: false, secretKeyFile: join(dir, 'key'), backupsDir: join(dir, 'backups') };
      const app = openPostgresApp(url, options);
      // Requests run as the application's role, which row-level security binds; the tables' owner is refused for them.
      expect(app.ctx.db.prepare('SELECT current_user').pluck().get()).toBe(APP_ROLE);
      expect(() => openPostgresApp(url, { ...options, appUrl: url })).toThrow(/row-level security binds/);
      const created = await app.call('users.create', { email: 'ada@example.fr', displayName: 'Ada', role: 'qualifier', password: 'a long enough password' }, { actor: 'admin@example.fr' });
      expect(created).toMatchObject({ ok: true, value: { user: { email: 'ada@example.fr' }, password: null } });
      expect(listAudit(app.ctx.db, { offset: 0, limit: 5 }).items.map((e) => [e.actor, e.action])).toEqual([['admin@example.fr', 'user.create']]);
      expect(await app.call('database.status', {}, {})).toMatchObject({ ok: true, value: { problem: null, backups: [] } });
      expect(await app.call('database.backup', {}, { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('pg_dump') } });
      app.close();
    } finally {
      dropDatabase(PG_URL!, name);
    }
  });
});
