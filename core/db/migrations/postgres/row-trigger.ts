/**
 * A PostgreSQL row trigger with its body, as SQLite writes one: `CREATE TRIGGER name timing
 * [WHEN (…)] BEGIN body END` becomes a PL/pgSQL function and a trigger of the same name. The body
 * is SQL statements ending with ';'. An AFTER trigger's return value is ignored; a BEFORE
 * trigger returns the (possibly changed) NEW row.
 */
export function rowTrigger(name: string, timing: string, when: string | null, body: string): string {
  const result = timing.startsWith('BEFORE') ? 'NEW' : 'NULL';
  return `
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${body}
      RETURN ${result};
    END $$;
    CREATE TRIGGER ${name} ${timing} FOR EACH ROW ${when ? `WHEN (${when}) ` : ''}EXECUTE FUNCTION ${name}();`;
}
