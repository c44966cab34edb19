import type { Db } from '../connection';

/**
 * The SHA-256 of each imported file, so importing the same file again is recognised: refused
 * when it went in completely, resumed after its last committed batch when it was interrupted.
 */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE imports ADD COLUMN fingerprint TEXT;
    CREATE INDEX imports_fingerprint ON imports (fingerprint);
  `);
}
