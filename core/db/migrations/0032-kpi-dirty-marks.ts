import type { Db } from '../connection';
import { DISPATCH_LEAD_COLUMNS } from './0029-kpi-report';
import { SQLITE, type Dialect } from './dialect';

/**
 * The dirty hours of 0011 become marks appended with a number of their own, the hour no longer
 * a key: a writer's trigger never meets a rebuild's row. On PostgreSQL the rebuild (core/kpi/
 * rollup.ts) deleted the hours it took while the dispatch triggers inserted the same hour with ON
 * CONFLICT, which waits for the deleting transaction to end: every dispatch of the current hour
 * froze its server process behind a dashboard's rebuild (docs/design/engines.md). Now the rebuild
 * deletes the very marks it read, by number; a mark appended meanwhile stays for the next one.
 * An hour may be marked many times; the rebuild reads each day once however many.
 */
export function markTables(t: Dialect): string {
  return ['kpi_dirty_hours', 'kpi_dirty_dispatch_hours']
    .map(
      (table) => `
    CREATE TABLE ${table}_marks (id ${t.id}, hour ${t.int} NOT NULL)${t.table};
    INSERT INTO ${table}_marks (hour) SELECT hour FROM ${table} ORDER BY hour;
    DROP TABLE ${table};
    ALTER TABLE ${table}_marks RENAME TO ${table};`,
    )
    .join('');
}

/** The triggers' marks, SQL both engines run: [name, timing, WHEN condition, body]. */
export const MARK_TRIGGERS: [name: string, timing: string, when: string | null, body: string][] = [
  ['kpi_dirty_insert', 'AFTER INSERT ON lead_facts', null, 'INSERT INTO kpi_dirty_hours (hour) VALUES (NEW.received_at / 3600000);'],
  ['kpi_dirty_update', 'AFTER UPDATE ON lead_facts', null, 'INSERT INTO kpi_dirty_hours (hour) SELECT OLD.received_at / 3600000 UNION SELECT NEW.received_at / 3600000;'],
  [
    'kpi_dirty_dispatch_lead',
    `AFTER UPDATE OF ${DISPATCH_LEAD_COLUMNS} ON lead_facts`,
    null,
    'INSERT INTO kpi_dirty_dispatch_hours (hour) SELECT DISTINCT at / 3600000 FROM dispatches WHERE lead_id = NEW.lead_id AND member_id IS NOT NULL;',
  ],
  ['kpi_dirty_dispatch_insert', 'AFTER INSERT ON dispatches', 'NEW.member_id IS NOT NULL', 'INSERT INTO kpi_dirty_dispatch_hours (hour) VALUES (NEW.at / 3600000);'],
  ['kpi_dirty_dispatch_update', 'AFTER UPDATE ON dispatches', null, 'INSERT INTO kpi_dirty_dispatch_hours (hour) SELECT OLD.at / 3600000 UNION SELECT NEW.at / 3600000;'],
  ['kpi_dirty_dispatch_delete', 'AFTER DELETE ON dispatches', null, 'INSERT INTO kpi_dirty_dispatch_hours (hour) VALUES (OLD.at / 3600000);'],
  ['kpi_dirty_delete', 'AFTER DELETE ON lead_facts', null, 'INSERT INTO kpi_dirty_hours (hour) VALUES (OLD.received_at / 3600000);'],
];

/** SQLite: the triggers go first (a trigger naming a dropped table breaks the rename), kpi_dirty_insert keeps 0022's WHEN. */
export function up(db: Db): void {
  const bulkWhen = 'NOT EXISTS (SELECT 1 FROM bulk_writes)';
  db.exec(`
    ${MARK_TRIGGERS.map(([name]) => `DROP TRIGGER ${name};`).join(' ')}
    ${markTables(SQLITE)}
    ${MARK_TRIGGERS.map(([name, timing, when, body]) => {
      const condition = name === 'kpi_dirty_insert' ? bulkWhen : when;
      return `CREATE TRIGGER ${name} ${timing}${condition ? ` WHEN ${condition}` : ''} BEGIN ${body} END;`;
    }).join('\n    ')}
  `);
}
