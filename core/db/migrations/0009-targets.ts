import type { Db } from '../connection';

/**
 * Planning targets, and the territory of each dispatch for the map's per-territory figures.
 *
 * Targets: for a calendar month (Paris), the whole network or one region or one département,
 * all sources or one: how many leads, how many qualified, which conversion rate. Each figure is
 * optional. One row per scope: the unique index treats "no region" as a value.
 *
 * dispatches.territory_id: the territory through which the routing decision reached the chosen
 * member (its candidate "via territory"), resolved by name when the dispatch is written, so a
 * later rename keeps the history. Reading it from the decision JSON at query time cost seconds
 * over 90 days of a large network. The covering index serves the map figures and the monthly
 * report without reading dispatch rows, whose decision JSON spills onto overflow pages.
 */
const TERRITORY_OF = (row: string) => `(
  SELECT t.id FROM json_each(${row}.decision, '$.candidates') c
  JOIN territories t ON t.member_id = ${row}.member_id AND t.name = json_extract(c.value, '$.territoryName')
  WHERE json_extract(c.value, '$.memberId') = ${row}.member_id AND json_extract(c.value, '$.via') = 'territory'
  ORDER BY t.id LIMIT 1)`;

export function up(db: Db): void {
  db.exec(`
    CREATE TABLE targets (
      id INTEGER PRIMARY KEY,
      month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
      region TEXT,
      departement TEXT,
      source TEXT,
      leads INTEGER CHECK (leads >= 0),
      qualified INTEGER CHECK (qualified >= 0),
      conversion REAL CHECK (conversion >= 0 AND conversion <= 1),
      updated_at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      CHECK (region IS NULL OR departement IS NULL),
      CHECK (leads IS NOT NULL OR qualified IS NOT NULL OR conversion IS NOT NULL)
    ) STRICT;
    CREATE UNIQUE INDEX targets_by_scope ON targets (month, coalesce(region, ''), coalesce(departement, ''), coalesce(source, ''));

    ALTER TABLE dispatches ADD COLUMN territory_id INTEGER REFERENCES territories(id) ON DELETE SET NULL;
    UPDATE dispatches AS d SET territory_id = ${TERRITORY_OF('d')} WHERE d.member_id IS NOT NULL;
    CREATE TRIGGER dispatches_territory AFTER INSERT ON dispatches WHEN NEW.member_id IS NOT NULL BEGIN
      UPDATE dispatches SET territory_id = ${TERRITORY_OF('NEW')} WHERE id = NEW.id;
    END;
    CREATE TRIGGER dispatches_territory_changed AFTER UPDATE OF member_id, decision ON dispatches BEGIN
      UPDATE dispatches SET territory_id = ${TERRITORY_OF('NEW')} WHERE id = NEW.id;
    END;
    CREATE INDEX dispatches_by_at_covering ON dispatches (at, member_id, lead_id, ended_at, end_reason, territory_id) WHERE member_id IS NOT NULL;
    DROP INDEX dispatches_by_at;
  `);
}
