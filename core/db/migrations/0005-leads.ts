import type { Db } from '../connection';

/**
 * Leads and everything intake needs: the lead row (current state, for fast queries), its
 * events (the history SLA clocks are computed from), a full-text index, proposed duplicate
 * pairs, import records, remembered column mappings and the scoring rules.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      source_name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running','completed','failed','undone')),
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      data_rows INTEGER NOT NULL DEFAULT 0,
      committed_rows INTEGER NOT NULL DEFAULT 0,
      committed_batches INTEGER NOT NULL DEFAULT 0,
      accepted INTEGER NOT NULL DEFAULT 0,
      warned INTEGER NOT NULL DEFAULT 0,
      rejected INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      report TEXT NOT NULL DEFAULT '{}'
    ) STRICT;

    CREATE TABLE leads (
      id INTEGER PRIMARY KEY,
      civility TEXT NOT NULL DEFAULT '',
      first_name TEXT NOT NULL DEFAULT '',
      last_name TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      company TEXT NOT NULL DEFAULT '',
      company_size INTEGER,
      address TEXT NOT NULL DEFAULT '',
      postal_code TEXT NOT NULL DEFAULT '',
      city TEXT NOT NULL DEFAULT '',
      country TEXT NOT NULL DEFAULT 'FR',
      lat REAL,
      lon REAL,
      geo_precision TEXT,
      departement TEXT,
      source TEXT NOT NULL DEFAULT '',
      channel TEXT NOT NULL DEFAULT '',
      campaign TEXT NOT NULL DEFAULT '',
      product TEXT NOT NULL DEFAULT '',
      comment TEXT NOT NULL DEFAULT '',
      consent_at INTEGER,
      consent_how TEXT NOT NULL DEFAULT '',
      consent_for TEXT NOT NULL DEFAULT '',
      bant TEXT NOT NULL DEFAULT '{}',
      aint TEXT NOT NULL DEFAULT '{}',
      temperature TEXT CHECK (temperature IN ('hot','warm','cold')),
      score INTEGER NOT NULL DEFAULT 0,
      score_breakdown TEXT NOT NULL DEFAULT '[]',
      status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','qualified','discarded','nurturing','dispatched','accepted','declined','contacted','quoted','won','lost')),
      requalify_on TEXT,
      received_at INTEGER NOT NULL,
      import_id INTEGER REFERENCES imports(id),
      import_line INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX leads_by_status ON leads (status, received_at);
    CREATE INDEX leads_by_temperature ON leads (temperature);
    CREATE INDEX leads_by_source ON leads (source);
    CREATE INDEX leads_by_departement ON leads (departement);
    CREATE INDEX leads_by_received_at ON leads (received_at);
    CREATE INDEX leads_by_import_id ON leads (import_id) WHERE import_id IS NOT NULL;
    CREATE INDEX leads_by_phone ON leads (phone) WHERE phone <> '';
    CREATE INDEX leads_by_email ON leads (email) WHERE email <> '';

    CREATE TABLE lead_events (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      data TEXT NOT NULL DEFAULT '{}'
    ) STRICT;
    CREATE INDEX lead_events_by_lead_id ON lead_events (lead_id, at);

    -- Proposed merges: never acted on without a person deciding (leads.merge).
    CREATE TABLE lead_duplicates (
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      other_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      import_id INTEGER REFERENCES imports(id),
      reasons TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (lead_id, other_id)
    ) STRICT;
    CREATE INDEX lead_duplicates_by_other_id ON lead_duplicates (other_id);
    CREATE INDEX lead_duplicates_by_import_id ON lead_duplicates (import_id);

    CREATE TABLE intake_mappings (
      source_name TEXT PRIMARY KEY COLLATE NOCASE,
      mapping TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE scoring_rules (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      rules TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

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

function phoneDoc(row: string): string {
  return `${row}.phone || CASE WHEN ${row}.phone LIKE '+33%' THEN ' 0' || substr(${row}.phone, 4) ELSE '' END`;
}
