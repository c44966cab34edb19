import type { Db } from '../../connection';
import { POSTGRES } from '../dialect';
import { MARK_TRIGGERS, markTables } from '../0032-kpi-dirty-marks';

/** PostgreSQL twin of ../0032-kpi-dirty-marks.ts: the triggers stay (their WHEN of 0022 too), their functions append. */
export function up(db: Db): void {
  db.exec(`
    ${markTables(POSTGRES)}
    ${MARK_TRIGGERS.map(([name, , , body]) => `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} RETURN NULL; END $$;`).join('\n    ')}
  `);
}
