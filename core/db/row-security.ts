/**
 * PostgreSQL's row-level security as the extranet's second guard (issue 18; the roles and
 * policies are migration 0024's). The server signs in as APP_ROLE, which owns no table and is no
 * superuser: the head office's requests and the jobs pass through its policies, which let
 * everything through. A member's command enters the member's scope for its transaction only:
 * MEMBER_ROLE and the member, person and role it acts for, as transaction-local settings the
 * policies read, so the database itself hides and refuses other members' rows even if an
 * application check (core/extranet/scope.ts, the first guard) were wrong. The scope ends with the
 * transaction, committed or not. SQLite has no row security: both functions do nothing there.
 */
import type { MemberPrincipal } from '../commands/define';
import type { Db } from './engine';

export const APP_ROLE = 'aiguillage_app';
export const MEMBER_ROLE = 'aiguillage_member';

/**
 * Row-level security on `table` (PostgreSQL, in a migration): forced, so the owner is bound too,
 * the head office's role through a policy that lets everything through, and the member role
 * through `memberPolicies` (CREATE POLICY … TO MEMBER_ROLE, one per operation), nothing else.
 */
export function secureTable(db: Db, table: string, memberPolicies: string): void {
  db.exec(`
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY head_office ON ${table} TO ${APP_ROLE} USING (true) WITH CHECK (true);
    ${memberPolicies}
  `);
}

/** Enters the member's scope until the current transaction ends. */
export function actAsMember(db: Db, member: MemberPrincipal): void {
  if (db.engine !== 'postgres') return;
  // SET LOCAL outside a transaction would only warn and change nothing: a member's command would run unguarded.
  if (!db.inTransaction) throw new Error('A member’s command runs inside a transaction: its row-security scope lasts as long as it.');
  const { memberId, userId, role } = member;
  if (!Number.isSafeInteger(memberId) || !Number.isSafeInteger(userId) || !/^[a-z_]+$/.test(role)) throw new TypeError('Not a member principal');
  db.exec(
    `SET LOCAL ROLE ${MEMBER_ROLE}; SELECT set_config('aiguillage.member_id', '${memberId}', true), set_config('aiguillage.user_id', '${userId}', true), set_config('aiguillage.member_role', '${role}', true)`,
  );
}

/**
 * Runs `fn` as the head office inside a member's transaction, then goes back to the member's
 * scope: for what the network does in answer to a member (a decline re-routes the lead to
 * another member, which the member may neither see nor write). Only after the member's own
 * reads and writes have passed its policies.
 */
export function asHeadOffice<T>(db: Db, fn: () => T): T {
  if (db.engine !== 'postgres' || !db.inTransaction) return fn();
  if (db.prepare('SELECT current_user').pluck().get() !== MEMBER_ROLE) return fn();
  db.exec('SET LOCAL ROLE NONE');
  const back = () => db.exec(`SET LOCAL ROLE ${MEMBER_ROLE}`);
  let value: T;
  try {
    value = fn();
  } catch (error) {
    try {
      back();
    } catch {
      // A failed statement aborted the transaction: nothing runs in it any more but its rollback.
    }
    throw error;
  }
  back();
  return value;
}

/**
 * The URL the server's requests use: the owner's (which runs the migrations) with APP_ROLE as
 * its user and no password, which a cluster trusting local connections accepts (.ci/pg.sh's);
 * elsewhere the server is given the application's own URL (serve --app-database).
 */
export function appRoleUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = '';
  return url.toString();
}

/** Refuses a connection row security would not bind: a superuser, a role bypassing it, or the tables' owner. */
export function assertBoundByPolicies(db: Db): void {
  const role = db
    .prepare(
      `SELECT current_user AS name, r.rolsuper OR r.rolbypassrls AS bypasses, coalesce((SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'leads') = current_user, false) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
    )
    .get() as { name: string; bypasses: number; owns: number };
  if (role.bypasses || role.owns) {
    throw new Error(
      `The server's requests must run as a role that row-level security binds; ${role.name} ${role.owns ? 'owns the tables' : 'bypasses row security'}. Give --app-database a URL signing in as ${APP_ROLE}.`,
    );
  }
}
