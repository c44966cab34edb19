import type { Db } from '../connection';
import { MEMBER_ROLE, secureTable } from '../row-security';

/**
 * Row-level security (0024's) on what a member administrator now sets from the extranet
 * (extranet.mail.set): how its member receives its leads. A member's transaction reads and
 * writes its own member's row only. PostgreSQL only; SQLite has no row security.
 */
export function up(db: Db): void {
  if (db.engine !== 'postgres') return;
  const own = 'member_id = aiguillage_member_id()';
  const to = `TO ${MEMBER_ROLE}`;
  secureTable(
    db,
    'member_mail_settings',
    `CREATE POLICY member_select ON member_mail_settings FOR SELECT ${to} USING (${own});
     CREATE POLICY member_insert ON member_mail_settings FOR INSERT ${to} WITH CHECK (${own});
     CREATE POLICY member_update ON member_mail_settings FOR UPDATE ${to} USING (${own}) WITH CHECK (${own});`,
  );
}
