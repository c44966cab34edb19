import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Personal data: an audit log of who exported or erased what and when, and the mark of a lead
 * whose personal fields were anonymised (by the retention job or on request). The partial index
 * holds only leads not yet anonymised, so the retention job's scan stays small once the old
 * closed leads have been anonymised.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE audit_log (
      id ${t.id},
      at ${t.int} NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL DEFAULT '',
      details TEXT NOT NULL DEFAULT '{}'
    )${t.table};
    CREATE INDEX audit_log_by_at ON audit_log (at);
    CREATE INDEX audit_log_by_action ON audit_log (action, at);

    ALTER TABLE leads ADD COLUMN anonymised_at ${t.int};
    CREATE INDEX leads_to_anonymise ON leads (status, received_at) WHERE anonymised_at IS NULL;
  `);
}
