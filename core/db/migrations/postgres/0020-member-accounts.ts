import type { Db } from '../../connection';
import { POSTGRES } from '../dialect';
import { memberAccessTables } from '../0020-member-accounts';

/** PostgreSQL twin of ../0020-member-accounts.ts: see there for what and why. PostgreSQL changes the CHECK in place. */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('administrator', 'coordinator', 'qualifier', 'manager', 'member_admin', 'salesperson'));
    ALTER TABLE users ADD COLUMN member_id BIGINT REFERENCES members (id);
    ALTER TABLE users ADD CONSTRAINT users_member_check CHECK ((member_id IS NOT NULL) = (role IN ('member_admin', 'salesperson')));
    CREATE INDEX users_by_member_id ON users (member_id) WHERE member_id IS NOT NULL;

${memberAccessTables(POSTGRES)}
  `);
}
