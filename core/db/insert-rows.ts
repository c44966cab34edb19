import { prepared, type Db } from './connection';

/** Rows one INSERT writes: a stored day of the dashboard is up to a hundred rows, each a round trip to PostgreSQL when written one by one. */
const INSERT_CHUNK = 50;

/** Inserts `rows` (each the values of `columns`, in order) with one statement per `INSERT_CHUNK` rows. */
export function insertRows(db: Db, table: string, columns: string, rows: unknown[][]): void {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const values = chunk.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
    prepared(db, `INSERT INTO ${table} (${columns}) VALUES ${values}`).run(...chunk.flat());
  }
}
