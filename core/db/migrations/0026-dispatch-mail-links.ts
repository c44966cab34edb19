import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * The dispatch mail's answer links, reminders and daily digests (issue 18, core/mail/links.ts,
 * reminders.ts, digest.ts).
 * - `dispatch_links`: a link to accept or decline one dispatch, by mail. Only the SHA-256 of its
 *   256-bit token is kept; it works once and until the dispatch's acceptance deadline
 *   (`dispatches.accept_due_at`, so a deadline is stored once). A reminder or a digest sends a
 *   new link for the same dispatch: a dispatch may have several, and answering through one ends
 *   the dispatch, which refuses the others.
 * - `dispatch_reminders`: when the dispatch turns at risk without an answer (common/sla.ts), and
 *   when the reminder job dealt with it (sent, or not needed because the dispatch had ended).
 * - `member_mail_settings`: a member's choice of one mail per lead or one digest a day, and the
 *   language of its mails; no row is the default (each lead, French).
 * - `member_digests`: the digest of one member for one Paris day, written with its mail, so a
 *   day's digest goes once whichever process runs the job.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE dispatch_links (
      token_hash TEXT PRIMARY KEY,
      dispatch_id ${t.int} NOT NULL REFERENCES dispatches (id) ON DELETE CASCADE,
      created_at ${t.int} NOT NULL,
      used_at ${t.int}
    )${t.table};
    CREATE INDEX dispatch_links_by_dispatch_id ON dispatch_links (dispatch_id);

    CREATE TABLE dispatch_reminders (
      dispatch_id ${t.int} PRIMARY KEY REFERENCES dispatches (id) ON DELETE CASCADE,
      remind_at ${t.int} NOT NULL,
      done_at ${t.int}
    )${t.table};
    CREATE INDEX dispatch_reminders_due ON dispatch_reminders (remind_at) WHERE done_at IS NULL;

    CREATE TABLE member_mail_settings (
      member_id ${t.int} PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
      delivery TEXT NOT NULL CHECK (delivery IN ('each', 'digest')),
      language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
      updated_at ${t.int} NOT NULL,
      updated_by TEXT NOT NULL
    )${t.table};

    CREATE TABLE member_digests (
      member_id ${t.int} NOT NULL REFERENCES members (id) ON DELETE CASCADE,
      day TEXT NOT NULL,
      sent_at ${t.int} NOT NULL,
      leads ${t.int} NOT NULL,
      PRIMARY KEY (member_id, day)
    )${t.clustered};
  `);
}
