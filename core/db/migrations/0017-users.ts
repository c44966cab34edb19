import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Server mode's people: users with one role each, their server-side sessions and the counters
 * that slow password guessing. A session row holds only the SHA-256 of its token (the token
 * itself lives in the browser's cookie), so a copy of the database opens no session. Times are
 * epoch ms; e-mails are stored lower-cased so one address is one user.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE users (
      id ${t.id},
      email TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('administrator', 'coordinator', 'qualifier', 'manager')),
      password_hash TEXT NOT NULL,
      disabled_at ${t.int},
      created_at ${t.int} NOT NULL,
      password_changed_at ${t.int} NOT NULL
    )${t.table};

    CREATE TABLE user_sessions (
      token_hash TEXT PRIMARY KEY,
      user_id ${t.int} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created_at ${t.int} NOT NULL,
      last_seen_at ${t.int} NOT NULL
    )${t.table};
    CREATE INDEX user_sessions_by_user_id ON user_sessions (user_id);

    CREATE TABLE login_throttle (
      key TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      last_failure_at ${t.int} NOT NULL
    )${t.table};
  `);
}
