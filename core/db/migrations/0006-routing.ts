import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Routing and dispatch: versioned routing settings (each decision records the version it
 * used), the lead's current owner, every dispatch with its full decision (the owner history),
 * the members a pooled lead was offered to, and the e-mail outbox.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE routing_settings (
      id ${t.id},
      settings TEXT NOT NULL,
      created_at ${t.int} NOT NULL,
      actor TEXT NOT NULL
    )${t.table};

    ALTER TABLE leads ADD COLUMN owner_member_id ${t.int} REFERENCES members(id);
    ALTER TABLE leads ADD COLUMN reassignments ${t.int} NOT NULL DEFAULT 0;
    CREATE INDEX leads_by_owner_member_id ON leads (owner_member_id, status) WHERE owner_member_id IS NOT NULL;

    CREATE TABLE dispatches (
      id ${t.id},
      lead_id ${t.int} NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      outcome TEXT NOT NULL CHECK (outcome IN ('member','pool','head_office')),
      member_id ${t.int} REFERENCES members(id),
      manual_reason TEXT,
      settings_version ${t.int} REFERENCES routing_settings(id),
      decision TEXT NOT NULL,
      at ${t.int} NOT NULL,
      actor TEXT NOT NULL,
      accept_due_at ${t.int},
      ended_at ${t.int},
      end_reason TEXT CHECK (end_reason IN ('accepted','declined','expired','claimed','cancelled'))
    )${t.table};
    CREATE INDEX dispatches_by_lead_id ON dispatches (lead_id, at);
    CREATE INDEX dispatches_by_member_id ON dispatches (member_id, at);
    CREATE INDEX dispatches_by_accept_due_at ON dispatches (accept_due_at) WHERE ended_at IS NULL;

    CREATE TABLE pool_offers (
      dispatch_id ${t.int} NOT NULL REFERENCES dispatches(id) ON DELETE CASCADE,
      member_id ${t.int} NOT NULL REFERENCES members(id),
      rank ${t.int} NOT NULL,
      PRIMARY KEY (dispatch_id, member_id)
    )${t.table};

    CREATE TABLE outbox (
      id ${t.id},
      lead_id ${t.int} REFERENCES leads(id) ON DELETE SET NULL,
      dispatch_id ${t.int} REFERENCES dispatches(id) ON DELETE SET NULL,
      recipient TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      reference TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','sent','failed','skipped')),
      attempts ${t.int} NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at ${t.int},
      created_at ${t.int} NOT NULL,
      sent_at ${t.int}
    )${t.table};
    CREATE INDEX outbox_by_status ON outbox (status, next_attempt_at);
  `);
}
