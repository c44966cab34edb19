import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Server mode's per-user preferences (language, theme): each person's own, so a qualifier can
 * choose theirs without touching the head office's settings, which only the administrator may
 * change. A row per user and key, its value JSON as in `settings`; the desktop app (no users)
 * keeps its language and theme in `settings` as before.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE user_preferences (
      user_id ${t.int} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      updated_at ${t.int} NOT NULL,
      PRIMARY KEY (user_id, key)
    )${t.table};
  `);
}
