import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

/**
 * Leads and everything intake needs: the lead row (current state, for fast queries), its
 * events (the history SLA clocks are computed from), a full-text index, proposed duplicate
 * pairs, import records, remembered column mappings and the scoring rules.
 */
export function up(db: Db): void {
  db.exec(`
${leadTables(SQLITE)}

    -- Contentless (the text lives in leads) with deletes allowed, accent-insensitive. The phone
    -- is indexed in E.164 and in the national form people type ("0612345678").
    CREATE VIRTUAL TABLE leads_fts USING fts5(
      name, phone, email, city, company,
      content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO leads_fts (rowid, name, phone, email, city, company)
      VALUES (NEW.id, NEW.first_name || ' ' || NEW.last_name, ${phoneDoc('NEW')}, NEW.email, NEW.postal_code || ' ' || NEW.city, NEW.company);
    END;
    CREATE TRIGGER leads_fts_update AFTER UPDATE OF first_name, last_name, phone, email, postal_code, city, company ON leads BEGIN
      DELETE FROM leads_fts WHERE rowid = OLD.id;
      INSERT INTO leads_fts (rowid, name, phone, email, city, company)
      VALUES (NEW.id, NEW.first_name || ' ' || NEW.last_name, ${phoneDoc('NEW')}, NEW.email, NEW.postal_code || ' ' || NEW.city, NEW.company);
    END;
    CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
      DELETE FROM leads_fts WHERE rowid = OLD.id;
    END;
  `);
}

/** The phone as the search index holds it (core/leads/bulk.ts fills the index the same way). */
export function phoneDoc(row: string): string {
  return `${row}.phone || CASE WHEN ${row}.phone LIKE '+33%' THEN ' 0' || substr(${row}.phone, 4) ELSE '' END`;
}

/** Imports, leads, their events, proposed duplicates, remembered mappings and scoring rules in either engine's types (postgres/0005-leads.ts builds them too, with its own full-text search). */
export function leadTables(t: Dialect): string {
  return `    CREATE TABLE imports (
      id ${t.id},
      file_name TEXT NOT NULL,
      source_name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running','completed','failed','undone')),
      started_at ${t.int} NOT NULL,
      finished_at ${t.int},
      data_rows ${t.int} NOT NULL DEFAULT 0,
      committed_rows ${t.int} NOT NULL DEFAULT 0,
      committed_batches ${t.int} NOT NULL DEFAULT 0,
      accepted ${t.int} NOT NULL DEFAULT 0,
      warned ${t.int} NOT NULL DEFAULT 0,
      rejected ${t.int} NOT NULL DEFAULT 0,
      error TEXT,
      report TEXT NOT NULL DEFAULT '{}'
    )${t.table};

    CREATE TABLE leads (
      id ${t.id},
      civility TEXT NOT NULL DEFAULT '',
      first_name TEXT NOT NULL DEFAULT '',
      last_name TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      company TEXT NOT NULL DEFAULT '',
      company_size ${t.int},
      address TEXT NOT NULL DEFAULT '',
      postal_code TEXT NOT NULL DEFAULT '',
      city TEXT NOT NULL DEFAULT '',
      country TEXT NOT NULL DEFAULT 'FR',
      lat ${t.real},
      lon ${t.real},
      geo_precision TEXT,
      departement TEXT,
      source TEXT NOT NULL DEFAULT '',
      channel TEXT NOT NULL DEFAULT '',
      campaign TEXT NOT NULL DEFAULT '',
      product TEXT NOT NULL DEFAULT '',
      comment TEXT NOT NULL DEFAULT '',
      consent_at ${t.int},
      consent_how TEXT NOT NULL DEFAULT '',
      consent_for TEXT NOT NULL DEFAULT '',
      bant TEXT NOT NULL DEFAULT '{}',
      aint TEXT NOT NULL DEFAULT '{}',
      temperature TEXT CHECK (temperature IN ('hot','warm','cold')),
      score ${t.int} NOT NULL DEFAULT 0,
      score_breakdown TEXT NOT NULL DEFAULT '[]',
      status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','qualified','discarded','nurturing','dispatched','accepted','declined','contacted','quoted','won','lost')),
      requalify_on TEXT,
      received_at ${t.int} NOT NULL,
      import_id ${t.int} REFERENCES imports(id),
      import_line ${t.int},
      created_at ${t.int} NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};
    CREATE INDEX leads_by_status ON leads (status, received_at);
    CREATE INDEX leads_by_temperature ON leads (temperature);
    CREATE INDEX leads_by_source ON leads (source);
    CREATE INDEX leads_by_departement ON leads (departement);
    CREATE INDEX leads_by_received_at ON leads (received_at);
    CREATE INDEX leads_by_import_id ON leads (import_id) WHERE import_id IS NOT NULL;
    CREATE INDEX leads_by_phone ON leads (phone) WHERE phone <> '';
    CREATE INDEX leads_by_email ON leads (email) WHERE email <> '';

    CREATE TABLE lead_events (
      id ${t.id},
      lead_id ${t.int} NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      at ${t.int} NOT NULL,
      actor TEXT NOT NULL,
      data TEXT NOT NULL DEFAULT '{}'
    )${t.table};
    CREATE INDEX lead_events_by_lead_id ON lead_events (lead_id, at);

    -- Proposed merges: never acted on without a person deciding (leads.merge).
    CREATE TABLE lead_duplicates (
      lead_id ${t.int} NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      other_id ${t.int} NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      import_id ${t.int} REFERENCES imports(id),
      reasons TEXT NOT NULL,
      created_at ${t.int} NOT NULL,
      PRIMARY KEY (lead_id, other_id)
    )${t.table};
    CREATE INDEX lead_duplicates_by_other_id ON lead_duplicates (other_id);
    CREATE INDEX lead_duplicates_by_import_id ON lead_duplicates (import_id);

    CREATE TABLE intake_mappings (
      source_name TEXT PRIMARY KEY COLLATE ${t.nocase},
      mapping TEXT NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};

    CREATE TABLE scoring_rules (
      id ${t.int} PRIMARY KEY CHECK (id = 1),
      rules TEXT NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};`;
}
