/**
 * The shape of a migrated schema, read from either engine's catalogue into one comparable form,
 * so a test can check that the SQLite and PostgreSQL migration lists build the same schema:
 * tables, columns (name, null or not, type family, default), indexes (columns, unique, partial),
 * primary and foreign keys, unique constraints, the number of CHECKs and the triggers.
 *
 * Names are compared in lower case: SQLite keeps the case an unquoted name was written in
 * (kpi_totals.revenueCents), PostgreSQL folds it, and both match it without regard to case.
 */

/** What is read from a database: rows of plain values, as better-sqlite3 and the PostgreSQL adapter return them. */
interface Queryable {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
}

export interface TableShape {
  /** name -> "family" or "family not null" */
  columns: Record<string, string>;
  primaryKey: string;
  /** "columns -> table(columns) on delete action", sorted */
  foreignKeys: string[];
  /** the columns of each UNIQUE constraint, sorted */
  uniques: string[];
  checks: number;
}

export interface IndexShape {
  table: string;
  /** "column" or "(expression)", with " nocase" when compared without regard to case */
  columns: string;
  unique: boolean;
  partial: boolean;
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  indexes: Record<string, IndexShape>;
  /** name -> "table event [of columns]" */
  triggers: Record<string, string>;
}

const lower = (s: string) => s.toLowerCase();

/** Type families: what each engine's declared type stores, for the core's purposes. */
function family(type: string): string {
  const t = type.toLowerCase();
  if (/^(integer|bigint|smallint)$/.test(t)) return 'integer';
  if (/^(real|double precision)$/.test(t)) return 'real';
  if (/^(text|character varying)$/.test(t)) return 'text';
  if (/^(blob|bytea)$/.test(t)) return 'blob';
  return t;
}

/** A column as compared: its family, " not null", and " default …" with PostgreSQL's casts of constants dropped ('' rather than ''::text). */
function column(type: string, notNull: boolean, dflt: string | null): string {
  const value = dflt?.replace(/::[a-z ]+$/, '');
  return `${family(type)}${notNull ? ' not null' : ''}${value ? ` default ${value}` : ''}`;
}

function sortedRecord<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

export function sqliteShape(db: Queryable): SchemaShape {
  const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
  const tableShapes: [string, TableShape][] = [];
  const indexShapes: [string, IndexShape][] = [];
  for (const { name, sql } of tables) {
    const info = db.prepare('SELECT name, type, "notnull" AS nn, pk, dflt_value AS dflt FROM pragma_table_info(?)').all(name) as {
      name: string;
      type: string;
      nn: number;
      pk: number;
      dflt: string | null;
    }[];
    // A primary key column is not null on PostgreSQL whatever its declaration; SQLite lets a
    // rowid table's non-integer key be null, which nothing in the core relies on.
    const columns = sortedRecord(info.map((c) => [lower(c.name), column(c.type, c.nn === 1 || c.pk > 0, c.dflt)]));
    let primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => lower(c.name))
      .join(',');
    const fks = db.prepare('SELECT id, "table" AS target, "from" AS source, "to" AS dest, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(name) as {
      id: number;
      target: string;
      source: string;
      dest: string;
      on_delete: string;
    }[];
    const foreignKeys = [...new Set(fks.map((f) => f.id))].map((id) => {
      const parts = fks.filter((f) => f.id === id);
      return `${parts.map((p) => lower(p.source)).join(',')} -> ${lower(parts[0]!.target)}(${parts.map((p) => lower(p.dest)).join(',')}) on delete ${parts[0]!.on_delete.toLowerCase()}`;
    });
    const uniques: string[] = [];
    for (const index of db.prepare('SELECT name, "unique" AS uq, origin, partial FROM pragma_index_list(?)').all(name) as { name: string; uq: number; origin: string; partial: number }[]) {
      const keys = db.prepare('SELECT name, coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno').all(index.name) as { name: string | null; coll: string }[];
      const cols = keys.map((k) => `${k.name === null ? '(expression)' : lower(k.name)}${k.coll === 'NOCASE' ? ' nocase' : ''}`).join(',');
      if (index.origin === 'u') uniques.push(cols);
      // A key other than the rowid has an index, which tells its collation.
      if (index.origin === 'pk') primaryKey = cols;
      if (index.origin === 'c') indexShapes.push([lower(index.name), { table: lower(name), columns: cols, unique: index.uq === 1, partial: index.partial === 1 }]);
    }
    const checks = (sql.match(/\bCHECK\s*\(/gi) ?? []).length;
    tableShapes.push([lower(name), { columns, primaryKey, foreignKeys: foreignKeys.sort(), uniques: uniques.sort(), checks }]);
  }
  const triggers = db.prepare("SELECT name, tbl_name AS tbl, sql FROM sqlite_schema WHERE type = 'trigger'").all() as { name: string; tbl: string; sql: string }[];
  const triggerShapes = triggers.map(({ name, tbl, sql }): [string, string] => {
    const m = /\b(?:BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|DELETE|UPDATE)(?:\s+OF\s+(.+?))?\s+ON\s/is.exec(sql);
    if (!m) throw new Error(`Cannot read the event of trigger ${name}`);
    const of = m[2]
      ? ` of ${m[2]
          .split(',')
          .map((c) => lower(c.trim()))
          .sort()
          .join(',')}`
      : '';
    return [lower(name), `${lower(tbl)} ${m[1]!.toLowerCase()}${of}`];
  });
  return { tables: sortedRecord(tableShapes), indexes: sortedRecord(indexShapes), triggers: sortedRecord(triggerShapes) };
}

const ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** The same shape from PostgreSQL's catalogue, for the tables of the current schema. */
export function postgresShape(db: Queryable): SchemaShape {
  const rows = <T>(sql: string) => db.prepare(sql).all() as T[];
  const inSchema = 'relnamespace = current_schema()::regnamespace';
  const columnList = (rel: string, keys: string) =>
    `array_to_string(ARRAY(SELECT a.attname FROM unnest(${keys}) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = u.n ORDER BY u.o), ',')`;
  // The key columns of an index, with " nocase" where they compare with that collation, as sqliteShape writes them.
  const indexColumns = (index: string) => `array_to_string(ARRAY(
    SELECT coalesce(att.attname, '(expression)') || CASE WHEN col.collname = 'nocase' THEN ' nocase' ELSE '' END
    FROM pg_index ix CROSS JOIN unnest(ix.indkey::int2[], ix.indcollation::oid[]) WITH ORDINALITY ikey(n, coll, o)
    LEFT JOIN pg_attribute att ON att.attrelid = ix.indrelid AND att.attnum = ikey.n AND ikey.n > 0
    LEFT JOIN pg_collation col ON col.oid = ikey.coll
    WHERE ix.indexrelid = ${index} ORDER BY ikey.o), ',')`;

  const tableShapes = new Map<string, TableShape>();
  for (const t of rows<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND ${inSchema}`)) {
    tableShapes.set(t.name, { columns: {}, primaryKey: '', foreignKeys: [], uniques: [], checks: 0 });
  }
  const columns = rows<{ tbl: string; name: string; type: string; nn: number; dflt: string | null }>(`
    SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, NULL) AS type, a.attnotnull::int AS nn, pg_get_expr(d.adbin, d.adrelid) AS dflt
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relkind = 'r' AND c.${inSchema} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attname`);
  for (const c of columns) tableShapes.get(c.tbl)!.columns[c.name] = column(c.type, c.nn === 1, c.dflt);

  const constraints = rows<{ tbl: string; kind: string; cols: string; target: string | null; dest: string; action: string }>(`
    SELECT c.relname AS tbl, k.contype AS kind,
      CASE WHEN k.contype IN ('p', 'u') THEN ${indexColumns('k.conindid')} ELSE ${columnList('k.conrelid', 'k.conkey')} END AS cols,
      t.relname AS target, ${columnList('k.confrelid', 'k.confkey')} AS dest, k.confdeltype AS action
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class t ON t.oid = k.confrelid
    WHERE c.${inSchema}`);
  for (const k of constraints) {
    const shape = tableShapes.get(k.tbl)!;
    if (k.kind === 'p') shape.primaryKey = k.cols;
    else if (k.kind === 'f') shape.foreignKeys.push(`${k.cols} -> ${k.target}(${k.dest}) on delete ${ON_DELETE[k.action]}`);
    else if (k.kind === 'u') shape.uniques.push(k.cols);
    else if (k.kind === 'c') shape.checks++;
  }
  for (const shape of tableShapes.values()) {
    shape.foreignKeys.sort();
    shape.uniques.sort();
  }

  const indexes = rows<{ name: string; tbl: string; cols: string; uq: number; partial: number }>(`
    SELECT i.relname AS name, t.relname AS tbl, x.indisunique::int AS uq, (x.indpred IS NOT NULL)::int AS partial,
      ${indexColumns('x.indexrelid')} AS cols
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.${inSchema} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))`);
  const indexShapes = indexes.map((i): [string, IndexShape] => [i.name, { table: i.tbl, columns: i.cols, unique: i.uq === 1, partial: i.partial === 1 }]);

  // tgtype bits: 4 insert, 8 delete, 16 update (one event per trigger here, as in SQLite).
  const triggers = rows<{ name: string; tbl: string; type: number; cols: string }>(`
    SELECT g.tgname AS name, c.relname AS tbl, g.tgtype::int AS type, ${columnList('g.tgrelid', 'g.tgattr::int2[]')} AS cols
    FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal AND c.${inSchema}`);
  const triggerShapes = triggers.map((g): [string, string] => {
    const event = g.type & 4 ? 'insert' : g.type & 8 ? 'delete' : 'update';
    const of = g.cols ? ` of ${g.cols.split(',').sort().join(',')}` : '';
    return [g.name, `${g.tbl} ${event}${of}`];
  });
  return { tables: sortedRecord([...tableShapes]), indexes: sortedRecord(indexShapes), triggers: sortedRecord(triggerShapes) };
}
