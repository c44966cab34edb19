import type { Db } from '../../connection';
import { POSTGRES } from '../dialect';
import { membersTable } from '../0001-members';

/**
 * PostgreSQL twin of ../0001-members.ts. SQLite's COLLATE NOCASE becomes the `nocase` collation
 * created here (ICU, case-insensitive, accent-sensitive, like NOCASE for ASCII), so the core's
 * `… COLLATE NOCASE` in queries and indexes reads the same on both engines.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
${membersTable(POSTGRES)}
  `);
}
