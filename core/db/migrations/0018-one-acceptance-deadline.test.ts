import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteDb } from '../connection';
import { migrate } from '../migrate';
import { migrations } from './index';
import { readSettings } from '../../settings/read';

function at17(routing: object | null, targets: object | null) {
  const db = sqliteDb(new Database(':memory:'));
  migrate(db, migrations, 17);
  if (routing) db.prepare("INSERT INTO routing_settings (settings, created_at, actor) VALUES (?, 1, 'test')").run(JSON.stringify(routing));
  if (targets) db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sla.targets', ?, 1)").run(JSON.stringify(targets));
  return db;
}

describe('migration 0018 one acceptance deadline', () => {
  it('makes the re-assignment hours of the latest routing settings the SLA accept targets', () => {
    const db = at17({ mode: 'push', reassignAfterHours: { hot: 2, warm: 8, cold: 48 }, maxReassignments: 3 }, null);
    migrate(db);
    const targets = readSettings({ db })['sla.targets'];
    expect(targets).toMatchObject({ qualify: 4, hot: { accept: 2, contact: 24 }, warm: { accept: 8 }, cold: { accept: 48, quote: 240 }, atRiskShare: 0.75 });
  });

  it('keeps the other SLA targets a manager saved', () => {
    const saved = { qualify: 2, hot: { accept: 3, contact: 12, quote: 48 }, warm: { accept: 8, contact: 48, quote: 120 }, cold: { accept: 24, contact: 96, quote: 240 }, atRiskShare: 0.5 };
    const db = at17({ reassignAfterHours: { hot: 4, warm: 8, cold: 24 } }, saved);
    migrate(db);
    expect(readSettings({ db })['sla.targets']).toEqual({ ...saved, hot: { accept: 4, contact: 12, quote: 48 } });
  });

  it('writes nothing when the hours already agree or were never saved', () => {
    for (const db of [at17({ reassignAfterHours: { hot: 4, warm: 8, cold: 24 } }, null), at17(null, null)]) {
      migrate(db);
      expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'sla.targets'").pluck().get()).toBe(0);
    }
  });
});
