import type { Db } from '../../connection';

/** PostgreSQL twin of ../0012-member-identity.ts: see there for what and why. */
export function up(db: Db): void {
  db.exec(`
    DROP INDEX members_by_name;
    CREATE INDEX members_by_name ON members (name COLLATE nocase);
    ALTER TABLE members ADD COLUMN code TEXT NOT NULL DEFAULT '';
    ALTER TABLE members ADD COLUMN siret TEXT NOT NULL DEFAULT '' CHECK (siret = '' OR siret ~ '^[0-9]{14}$');
    CREATE UNIQUE INDEX members_by_code ON members (code COLLATE nocase) WHERE code <> '';
    CREATE UNIQUE INDEX members_by_siret ON members (siret) WHERE siret <> '';
  `);
}
