import type { Db } from '../../connection';
import { rowTrigger } from './row-trigger';
import { POSTGRES } from '../dialect';
import { FACT_INDEXES, factsTable, LEAD_COLUMNS, MILESTONES } from '../0007-kpi';

/**
 * PostgreSQL twin of ../0007-kpi.ts: the same facts table kept by the same triggers, as PL/pgSQL
 * trigger functions (one per milestone, as SQLite has one trigger per milestone). PostgreSQL has
 * no clustered tables: the primary key (received_at, lead_id) stays, as a plain index.
 *
 * json_integer reads a JSON value as SQLite's json_extract gives it to an integer column: true 1,
 * false 0, a number as itself, anything else null.
 */

/** Recomputes every milestone of the facts rows matching `where` from the events. */
function recompute(where: string): string {
  const sets = MILESTONES.map(([col, types]) => `${col} = (SELECT min(at) FROM lead_events e WHERE e.lead_id = lead_facts.lead_id AND e.type IN (${types}))`);
  sets.push(`won_cents = (SELECT json_integer(data::jsonb -> 'amountCents') FROM lead_events e WHERE e.lead_id = lead_facts.lead_id AND e.type = 'won' ORDER BY at DESC LIMIT 1)`);
  // SQLite sorts nulls first.
  sets.push(`accept_started_at = (SELECT at FROM dispatches d WHERE d.lead_id = lead_facts.lead_id AND d.end_reason IN ('accepted','claimed') ORDER BY ended_at NULLS FIRST LIMIT 1)`);
  sets.push(`white_zone = coalesce((SELECT max(json_integer(decision::jsonb -> 'whiteZone')) FROM dispatches d WHERE d.lead_id = lead_facts.lead_id), 0)`);
  return `UPDATE lead_facts SET ${sets.join(', ')} WHERE ${where};`;
}

export function up(db: Db): void {
  db.exec(`
    CREATE FUNCTION json_integer(value jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE jsonb_typeof(value) WHEN 'boolean' THEN (value = 'true')::int WHEN 'number' THEN (value #>> '{}')::bigint END
    $$;

${factsTable(POSTGRES)}

    INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) SELECT id, ${LEAD_COLUMNS.join(', ')} FROM leads;
    ${recompute('true')}

${FACT_INDEXES}
    ${rowTrigger(
      'lead_facts_insert',
      'AFTER INSERT ON leads',
      null,
      `INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) VALUES (NEW.id, ${LEAD_COLUMNS.map((c) => `NEW.${c}`).join(', ')});`,
    )}
    ${rowTrigger(
      'lead_facts_update',
      `AFTER UPDATE OF ${LEAD_COLUMNS.join(', ')} ON leads`,
      null,
      `UPDATE lead_facts SET ${LEAD_COLUMNS.map((c) => `${c} = NEW.${c}`).join(', ')} WHERE lead_id = NEW.id;`,
    )}
    ${MILESTONES.map(([col, types]) =>
      rowTrigger(
        `lead_facts_${col}`,
        'AFTER INSERT ON lead_events',
        `NEW.type IN (${types})`,
        `UPDATE lead_facts SET ${col} = least(coalesce(${col}, NEW.at), NEW.at)${col === 'won_at' ? `, won_cents = json_integer(NEW.data::jsonb -> 'amountCents')` : ''} WHERE lead_id = NEW.lead_id;`,
      ),
    ).join('\n')}
    -- A merge moves events from one lead to another: recompute the receiving lead.
    ${rowTrigger('lead_facts_events_moved', 'AFTER UPDATE OF lead_id ON lead_events', null, recompute('lead_id = NEW.lead_id'))}
    ${rowTrigger('lead_facts_white_zone', 'AFTER INSERT ON dispatches', `json_integer(NEW.decision::jsonb -> 'whiteZone') = 1`, 'UPDATE lead_facts SET white_zone = 1 WHERE lead_id = NEW.lead_id;')}
    ${rowTrigger(
      'lead_facts_accept_started',
      'AFTER UPDATE OF end_reason ON dispatches',
      `NEW.end_reason IN ('accepted','claimed')`,
      'UPDATE lead_facts SET accept_started_at = NEW.at WHERE lead_id = NEW.lead_id AND (accept_started_at IS NULL OR accept_started_at > NEW.at);',
    )}
  `);
}
