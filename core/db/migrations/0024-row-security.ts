import type { Db } from '../connection';
import { APP_ROLE, MEMBER_ROLE, secureTable } from '../row-security';

/**
 * PostgreSQL's row-level security, the extranet's second guard (issue 18; core/db/row-security.ts
 * says how a transaction enters a member's scope). SQLite has no roles nor policies: there the
 * application's checks (core/extranet/scope.ts) are the only guard, as they are the first here.
 *
 * - Two roles: `aiguillage_app` signs in for the server's requests and jobs, neither superuser
 *   nor owner of any table, so policies bind it; `aiguillage_member` (no sign-in) is the role a
 *   member's transaction takes (SET LOCAL ROLE). Roles belong to the cluster: they are made here
 *   when missing, which needs a role allowed to create roles (CI's superuser); otherwise the DBA
 *   makes them first (the error says how).
 * - Both get the data rights (no TRUNCATE, which ignores policies) on every table, this one's
 *   and those of later migrations (default privileges of the owner running them).
 * - The lead-facing tables have FORCE ROW LEVEL SECURITY: the head office's role passes through a
 *   policy that is plain `true` (so its queries plan as before, index use included), a member's
 *   transaction through policies on the member id it set (`aiguillage.member_id`), one per
 *   operation. The owner has no policy: it sees none of these rows unless it bypasses row
 *   security (superuser or BYPASSRLS), which pg_dump needs anyway.
 *
 * What a member's scope sees: its leads (a salesperson: not those given to a colleague) and the
 * pooled leads offered to it; their events; the dispatches made to it, offered to it or of a lead
 * it now holds (so the facts triggers see all of that lead's dispatches); its own pool offers and
 * assignees; its own people. A member changes only leads it sees, keeping them its own, and adds
 * events to them; it inserts no lead nor dispatch and deletes nothing (a decline's re-routing runs
 * as the head office: asHeadOffice).
 */
export function up(db: Db): void {
  if (db.engine !== 'postgres') return;
  const both = `${APP_ROLE}, ${MEMBER_ROLE}`;
  db.exec(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${MEMBER_ROLE}') THEN CREATE ROLE ${MEMBER_ROLE} NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF;
      IF NOT pg_has_role('${APP_ROLE}', '${MEMBER_ROLE}', 'MEMBER') THEN GRANT ${MEMBER_ROLE} TO ${APP_ROLE}; END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'The roles ${APP_ROLE} and ${MEMBER_ROLE} are missing and % may not create them', current_user
        USING HINT = 'As a superuser: CREATE ROLE ${MEMBER_ROLE} NOLOGIN; CREATE ROLE ${APP_ROLE} LOGIN; GRANT ${MEMBER_ROLE} TO ${APP_ROLE};';
    END $$;

    GRANT USAGE ON SCHEMA public TO ${both};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${both};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${both};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${both};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${both};

    -- The scope a member's transaction set; null outside one. Plain SQL, inlined into the policies.
    CREATE FUNCTION aiguillage_member_id() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('aiguillage.member_id', true), '')::bigint $$;
    CREATE FUNCTION aiguillage_user_id() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('aiguillage.user_id', true), '')::bigint $$;
    CREATE FUNCTION aiguillage_member_admin() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('aiguillage.member_role', true) = 'member_admin', false) $$;
  `);
  for (const [table, policies] of Object.entries(memberPolicies())) secureTable(db, table, policies);
}

function memberPolicies(): Record<string, string> {
  const me = 'aiguillage_member_id()';
  // A lead a member's person sees: the member's, unless given to a colleague (a salesperson), or pooled and offered to the member.
  const lead = (row: string) => `(${row}.owner_member_id = ${me} AND (aiguillage_member_admin() OR ${row}.status = 'dispatched'
      OR NOT EXISTS (SELECT 1 FROM lead_assignees a WHERE a.lead_id = ${row}.id AND a.member_id = ${row}.owner_member_id AND a.user_id <> aiguillage_user_id())))
    OR EXISTS (SELECT 1 FROM dispatches d JOIN pool_offers p ON p.dispatch_id = d.id
      WHERE d.lead_id = ${row}.id AND d.outcome = 'pool' AND d.ended_at IS NULL AND p.member_id = ${me})`;
  // Through lead_facts (kept by trigger, no policy): a lead's holder without reading leads, whose policy reads these tables.
  const holds = (leadId: string) => `EXISTS (SELECT 1 FROM lead_facts f WHERE f.lead_id = ${leadId} AND f.owner_member_id = ${me})`;
  const dispatch = `member_id = ${me} OR EXISTS (SELECT 1 FROM pool_offers p WHERE p.dispatch_id = dispatches.id AND p.member_id = ${me}) OR ${holds('dispatches.lead_id')}`;
  const event = 'EXISTS (SELECT 1 FROM leads l WHERE l.id = lead_events.lead_id)';
  const assignee = `member_id = ${me} OR ${holds('lead_assignees.lead_id')}`;
  const to = `TO ${MEMBER_ROLE}`;
  return {
    leads: `CREATE POLICY member_select ON leads FOR SELECT ${to} USING (${lead('leads')});
      CREATE POLICY member_update ON leads FOR UPDATE ${to} USING (${lead('leads')}) WITH CHECK (${lead('leads')});`,
    lead_events: `CREATE POLICY member_select ON lead_events FOR SELECT ${to} USING (${event});
      CREATE POLICY member_insert ON lead_events FOR INSERT ${to} WITH CHECK (${event});`,
    dispatches: `CREATE POLICY member_select ON dispatches FOR SELECT ${to} USING (${dispatch});
      CREATE POLICY member_update ON dispatches FOR UPDATE ${to} USING (${dispatch}) WITH CHECK (${dispatch});`,
    pool_offers: `CREATE POLICY member_select ON pool_offers FOR SELECT ${to} USING (member_id = ${me});`,
    lead_assignees: `CREATE POLICY member_select ON lead_assignees FOR SELECT ${to} USING (${assignee});
      CREATE POLICY member_insert ON lead_assignees FOR INSERT ${to} WITH CHECK (member_id = ${me});
      CREATE POLICY member_update ON lead_assignees FOR UPDATE ${to} USING (${assignee}) WITH CHECK (member_id = ${me});`,
    users: `CREATE POLICY member_select ON users FOR SELECT ${to} USING (member_id = ${me});
      CREATE POLICY member_insert ON users FOR INSERT ${to} WITH CHECK (member_id = ${me});
      CREATE POLICY member_update ON users FOR UPDATE ${to} USING (member_id = ${me}) WITH CHECK (member_id = ${me});`,
  };
}
