import type { Db } from '../connection';

/**
 * A member is a company: identified by the network's own code and/or its SIRET, not by its
 * name (two firms may trade under one name in two towns). Both identities are unique across
 * every member, archived ones included, so a re-imported file finds an archived member again.
 */
export function up(db: Db): void {
  db.exec(`
    DROP INDEX members_by_name;
    CREATE INDEX members_by_name ON members (name COLLATE NOCASE);
    ALTER TABLE members ADD COLUMN code TEXT NOT NULL DEFAULT '';
    ALTER TABLE members ADD COLUMN siret TEXT NOT NULL DEFAULT '' CHECK (siret = '' OR (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*'));
    CREATE UNIQUE INDEX members_by_code ON members (code COLLATE NOCASE) WHERE code <> '';
    CREATE UNIQUE INDEX members_by_siret ON members (siret) WHERE siret <> '';
  `);
}
