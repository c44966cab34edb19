import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

/**
 * The member extranet's accounts (issue 18). A user is now either the head office's (one of the
 * four roles, no member) or a member company's (member_admin or salesperson, tied to the member):
 * a CHECK holds the two together. Changing a CHECK means rebuilding `users` on SQLite; its
 * sessions go with it (everyone signs in again once, after the upgrade).
 *
 * - `member_invitations`: the single-use link the head office sends a member's person to choose
 *   their password. Only the SHA-256 of the link's token is kept, like a session's.
 * - `lead_assignees`: which of the member's people a lead is given to (the salesperson who
 *   accepted or claimed it, or the one the member administrator chose). A row names the member
 *   it was given within, so a lead re-routed to another member leaves it without effect.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE users_next (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('administrator', 'coordinator', 'qualifier', 'manager', 'member_admin', 'salesperson')),
      password_hash TEXT NOT NULL,
      disabled_at INTEGER,
      created_at INTEGER NOT NULL,
      password_changed_at INTEGER NOT NULL,
      member_id INTEGER REFERENCES members (id),
      CHECK ((member_id IS NOT NULL) = (role IN ('member_admin', 'salesperson')))
    ) STRICT;
    INSERT INTO users_next (id, email, display_name, role, password_hash, disabled_at, created_at, password_changed_at)
      SELECT id, email, display_name, role, password_hash, disabled_at, created_at, password_changed_at FROM users;
    DELETE FROM user_sessions;
    DROP TABLE users;
    ALTER TABLE users_next RENAME TO users;
    CREATE INDEX users_by_member_id ON users (member_id) WHERE member_id IS NOT NULL;

${memberAccessTables(SQLITE)}
  `);
}

/** The invitations and the leads' assignees in either engine's types (postgres/0020-member-accounts.ts builds them too). */
export function memberAccessTables(t: Dialect): string {
  return `    CREATE TABLE member_invitations (
      token_hash TEXT PRIMARY KEY,
      user_id ${t.int} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at ${t.int} NOT NULL,
      expires_at ${t.int} NOT NULL,
      used_at ${t.int}
    )${t.table};
    CREATE INDEX member_invitations_by_user_id ON member_invitations (user_id);

    CREATE TABLE lead_assignees (
      lead_id ${t.int} PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
      member_id ${t.int} NOT NULL REFERENCES members (id),
      user_id ${t.int} NOT NULL REFERENCES users (id),
      assigned_at ${t.int} NOT NULL
    )${t.table};
    CREATE INDEX lead_assignees_by_user_id ON lead_assignees (user_id);`;
}
