import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * A user's second factor (TOTP, RFC 6238; issue 18): optional for a member's salesperson,
 * required of a member administrator. The shared secret is kept sealed by the server's secret
 * box (core/settings/secrets.ts: never in clear, so neither the database nor a backup gives it
 * away), and is never sent again once enrolment is confirmed. `last_step` is the 30-second step
 * of the last code accepted: a code is taken once, and never one of an earlier step (a code seen
 * over a shoulder or in a log cannot be replayed within its window). Until `confirmed_at` is set
 * the row is an enrolment in progress and asks nothing at sign-in.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE user_second_factors (
      user_id ${t.int} PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      secret_sealed TEXT NOT NULL,
      box TEXT NOT NULL,
      created_at ${t.int} NOT NULL,
      confirmed_at ${t.int},
      last_step ${t.int}
    )${t.table};
  `);
}
