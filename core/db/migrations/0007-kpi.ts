import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

/**
 * KPI facts: one row per lead with the columns the dashboard filters and groups on and the
 * first time each milestone of the funnel was reached. Kept up to date by triggers on leads,
 * lead_events and dispatches, so the dashboard reads one narrow table through its indexes
 * instead of aggregating millions of events (full scans of 1M rows take seconds). The table is
 * clustered by reception time (WITHOUT ROWID, primary key received_at, lead_id), so a period
 * is one contiguous range read without a lookup per row.
 */
export const MILESTONES: [column: string, types: string][] = [
  ['qualified_at', `'qualified'`],
  ['dispatched_at', `'dispatched','published','routed_to_head_office'`],
  ['accepted_at', `'accepted','claimed'`],
  ['contacted_at', `'contacted'`],
  ['quoted_at', `'quote_1'`],
  ['won_at', `'won'`],
  ['lost_at', `'lost'`],
];

export const LEAD_COLUMNS = ['received_at', 'departement', 'source', 'channel', 'campaign', 'product', 'temperature', 'status', 'owner_member_id'];

/** Recomputes every milestone of the facts rows matching `where` from the events. */
function recompute(where: string): string {
  const sets = MILESTONES.map(([col, types]) => `${col} = (SELECT min(at) FROM lead_events e WHERE e.lead_id = lead_facts.lead_id AND e.type IN (${types}))`);
  sets.push(`won_cents = (SELECT json_extract(data, '$.amountCents') FROM lead_events e WHERE e.lead_id = lead_facts.lead_id AND e.type = 'won' ORDER BY at DESC LIMIT 1)`);
  sets.push(`accept_started_at = (SELECT at FROM dispatches d WHERE d.lead_id = lead_facts.lead_id AND d.end_reason IN ('accepted','claimed') ORDER BY ended_at LIMIT 1)`);
  sets.push(`white_zone = coalesce((SELECT max(json_extract(decision, '$.whiteZone')) FROM dispatches d WHERE d.lead_id = lead_facts.lead_id), 0)`);
  return `UPDATE lead_facts SET ${sets.join(', ')} WHERE ${where};`;
}

export function up(db: Db): void {
  db.exec(`
${factsTable(SQLITE)}

    INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) SELECT id, ${LEAD_COLUMNS.join(', ')} FROM leads;
    ${recompute('1')}

${FACT_INDEXES}

    CREATE TRIGGER lead_facts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) VALUES (NEW.id, ${LEAD_COLUMNS.map((c) => `NEW.${c}`).join(', ')});
    END;
    CREATE TRIGGER lead_facts_update AFTER UPDATE OF ${LEAD_COLUMNS.join(', ')} ON leads BEGIN
      UPDATE lead_facts SET ${LEAD_COLUMNS.map((c) => `${c} = NEW.${c}`).join(', ')} WHERE lead_id = NEW.id;
    END;
    ${MILESTONES.map(
      ([col, types]) => `CREATE TRIGGER lead_facts_${col} AFTER INSERT ON lead_events WHEN NEW.type IN (${types}) BEGIN
      UPDATE lead_facts SET ${col} = min(coalesce(${col}, NEW.at), NEW.at)${col === 'won_at' ? `, won_cents = json_extract(NEW.data, '$.amountCents')` : ''} WHERE lead_id = NEW.lead_id;
    END;`,
    ).join('\n    ')}
    -- A merge moves events from one lead to another: recompute the receiving lead.
    CREATE TRIGGER lead_facts_events_moved AFTER UPDATE OF lead_id ON lead_events BEGIN
      ${recompute('lead_id = NEW.lead_id')}
    END;
    CREATE TRIGGER lead_facts_white_zone AFTER INSERT ON dispatches WHEN json_extract(NEW.decision, '$.whiteZone') = 1 BEGIN
      UPDATE lead_facts SET white_zone = 1 WHERE lead_id = NEW.lead_id;
    END;
    CREATE TRIGGER lead_facts_accept_started AFTER UPDATE OF end_reason ON dispatches WHEN NEW.end_reason IN ('accepted','claimed') BEGIN
      UPDATE lead_facts SET accept_started_at = NEW.at WHERE lead_id = NEW.lead_id AND (accept_started_at IS NULL OR accept_started_at > NEW.at);
    END;
  `);
}

/** The facts' indexes, the same on both engines (postgres/0007-kpi.ts builds them too). */
export const FACT_INDEXES = `    CREATE INDEX lead_facts_by_white_zone ON lead_facts (received_at) WHERE white_zone = 1;
    CREATE INDEX lead_facts_by_departement ON lead_facts (departement, received_at);
    CREATE INDEX lead_facts_by_source ON lead_facts (source, received_at);
    CREATE INDEX lead_facts_by_temperature ON lead_facts (temperature, received_at);
    CREATE INDEX lead_facts_by_owner_member_id ON lead_facts (owner_member_id, received_at);
    CREATE INDEX lead_facts_by_status ON lead_facts (status, received_at);
    CREATE INDEX lead_facts_by_accepted_at ON lead_facts (accepted_at) WHERE accepted_at IS NOT NULL;
    CREATE INDEX dispatches_by_at ON dispatches (at) WHERE member_id IS NOT NULL;`;

/** The facts table in either engine's types (postgres/0007-kpi.ts builds it too, with its own triggers). */
export function factsTable(t: Dialect): string {
  return `    CREATE TABLE lead_facts (
      lead_id ${t.int} NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      received_at ${t.int} NOT NULL,
      departement TEXT,
      source TEXT NOT NULL,
      channel TEXT NOT NULL,
      campaign TEXT NOT NULL,
      product TEXT NOT NULL,
      temperature TEXT,
      status TEXT NOT NULL,
      owner_member_id ${t.int},
      qualified_at ${t.int},
      dispatched_at ${t.int},
      accept_started_at ${t.int},
      accepted_at ${t.int},
      contacted_at ${t.int},
      quoted_at ${t.int},
      won_at ${t.int},
      won_cents ${t.int},
      lost_at ${t.int},
      white_zone INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (received_at, lead_id)
    )${t.clustered};
    CREATE UNIQUE INDEX lead_facts_by_lead_id ON lead_facts (lead_id);`;
}
