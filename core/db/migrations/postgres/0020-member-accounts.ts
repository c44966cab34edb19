import type { Db } from '../../connection';

/** PostgreSQL twin of ../0020-member-accounts.ts: see there for what and why. PostgreSQL changes the CHECK in place. */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('administrator', 'coordinator', 'qualifier', 'manager', 'member_admin', 'salesperson'));
    ALTER TABLE users ADD COLUMN member_id BIGINT REFERENCES members (id);
    ALTER TABLE users ADD CONSTRAINT users_member_check CHECK ((member_id IS NOT NULL) = (role IN ('member_admin', 'salesperson')));
    CREATE INDEX users_by_member_id ON users (member_id) WHERE member_id IS NOT NULL;

    CREATE TABLE member_invitations (
      token_hash TEXT PRIMARY KEY,
      user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      used_at BIGINT
    );
    CREATE INDEX member_invitations_by_user_id ON member_invitations (user_id);

    CREATE TABLE lead_assignees (
      lead_id BIGINT PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
      member_id BIGINT NOT NULL REFERENCES members (id),
      user_id BIGINT NOT NULL REFERENCES users (id),
      assigned_at BIGINT NOT NULL
    );
    CREATE INDEX lead_assignees_by_user_id ON lead_assignees (user_id);
  `);
}
