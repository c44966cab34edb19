import type { Db } from '../../connection';
import { POSTGRES } from '../dialect';
import { leadTables } from '../0005-leads';

/**
 * PostgreSQL twin of ../0005-leads.ts. FTS5's contentless table becomes leads_fts, one tsvector
 * per lead kept by the same triggers, searched through a GIN index (see core/leads/search.ts).
 *
 * The text search configuration `lead_search` is the French configuration (its parser and its
 * mappings of numbers, e-mails and the rest) with words folded by unaccent and lowercased but
 * neither stemmed nor dropped as stop words: the search finds names, towns, e-mails and phones
 * by the prefix of each word as it is typed, as FTS5's unicode61 tokenizer does on SQLite. A
 * stemmed index misses a typed prefix longer than its stem ("lefevre" is stored as "lefevr")
 * and a stop-word list drops "Le" of "Le Goff". The text is split on anything that is not a
 * letter or a digit before parsing, as unicode61 does (PostgreSQL's parser would keep
 * "jp.dupont@example.fr" as one token).
 */
export function up(db: Db): void {
  db.exec(`
${leadTables(POSTGRES)}

    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH CONFIGURATION lead_search (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION lead_search
      ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
      WITH unaccent, simple;

    -- The phone is indexed in E.164 and in the national form people type ("0612345678").
    CREATE FUNCTION lead_search_document(lead leads) RETURNS tsvector LANGUAGE sql STABLE AS $$
      SELECT to_tsvector('lead_search', regexp_replace(concat_ws(' ',
        lead.first_name, lead.last_name,
        lead.phone, CASE WHEN lead.phone LIKE '+33%' THEN '0' || substr(lead.phone, 4) END,
        lead.email, lead.postal_code, lead.city, lead.company), '[^[:alnum:]]+', ' ', 'g'))
    $$;

    CREATE TABLE leads_fts (
      lead_id BIGINT PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
      document tsvector NOT NULL
    );
    CREATE INDEX leads_fts_by_document ON leads_fts USING gin (document);

    CREATE FUNCTION leads_fts_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO leads_fts (lead_id, document) VALUES (NEW.id, lead_search_document(NEW))
        ON CONFLICT (lead_id) DO UPDATE SET document = excluded.document;
      RETURN NULL;
    END $$;
    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION leads_fts_write();
    CREATE TRIGGER leads_fts_update AFTER UPDATE OF first_name, last_name, phone, email, postal_code, city, company ON leads
      FOR EACH ROW EXECUTE FUNCTION leads_fts_write();
  `);
}
