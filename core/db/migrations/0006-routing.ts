import type { Db } from '../connection';

/**
 * Routing and dispatch: versioned routing settings (each decision records the version it
 * used), the lead's current owner, every dispatch with its full decision (the owner history),
 * the members a pooled lead was offered to, and the e-mail outbox.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE routing_settings (
      id INTEGER PRIMARY KEY,
      settings TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      actor TEXT NOT NULL
    ) STRICT;

    ALTER TABLE leads ADD COLUMN owner_member_id INTEGER REFERENCES members(id);
    ALTER TABLE leads ADD COLUMN reassignments INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX leads_by_owner_member_id ON leads (owner_member_id, status) WHERE owner_member_id IS NOT NULL;

    CREATE TABLE dispatches (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      outcome TEXT NOT NULL CHECK (outcome IN ('member','pool','head_office')),
      member_id INTEGER REFERENCES members(id),
      manual_reason TEXT,
      settings_version INTEGER REFERENCES routing_settings(id),
      decision TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      accept_due_at INTEGER,
      ended_at INTEGER,
      end_reason TEXT CHECK (end_reason IN ('accepted','declined','expired','claimed','cancelled'))
    ) STRICT;
    CREATE INDEX dispatches_by_lead_id ON dispatches (lead_id, at);
    CREATE INDEX dispatches_by_member_id ON dispatches (member_id, at);
    CREATE INDEX dispatches_by_accept_due_at ON dispatches (accept_due_at) WHERE ended_at IS NULL;

    CREATE TABLE pool_offers (
      dispatch_id INTEGER NOT NULL REFERENCES dispatches(id) ON DELETE CASCADE,
      member_id INTEGER NOT NULL REFERENCES members(id),
      rank INTEGER NOT NULL,
      PRIMARY KEY (dispatch_id, member_id)
    ) STRICT;

    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
      dispatch_id INTEGER REFERENCES dispatches(id) ON DELETE SET NULL,
      recipient TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      reference TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','sent','failed','skipped')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at INTEGER,
      created_at INTEGER NOT NULL,
      sent_at INTEGER
    ) STRICT;
    CREATE INDEX outbox_by_status ON outbox (status, next_attempt_at);
  `);
}
