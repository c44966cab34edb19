/**
 * Test support: a fresh PostgreSQL database on the server named by AIGUILLAGE_TEST_PG_URL, and a
 * stand-in Db over pg-native's synchronous client (exec, and prepare with `?` placeholders,
 * numbers as numbers) until the engine adapter replaces it.
 */
import { createRequire } from 'node:module';
import type { Db } from '../connection';
import { postgresMigrations } from './postgres';

export const PG_URL = process.env.AIGUILLAGE_TEST_PG_URL;

/** The part of pg-native's synchronous client used here. */
interface PgClient {
  connectSync(url: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  end(): void;
}

const NUMERIC_TYPES = [20, 21, 23, 700, 701]; // int8, int2, int4, float4, float8

function connect(url: string): Db & { end(): void } {
  const Client = createRequire(import.meta.url)('pg-native') as new (config: { types: unknown }) => PgClient;
  const client = new Client({ types: { getTypeParser: (oid: number) => (NUMERIC_TYPES.includes(oid) ? Number : (v: string) => v) } });
  client.connectSync(url);
  client.querySync('SET client_min_messages = warning');
  const query = (sql: string, params: unknown[]) => {
    let n = 0;
    return client.querySync(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    );
  };
  const db = {
    engine: 'postgres',
    exec: (sql: string) => void client.querySync(sql),
    prepare: (sql: string) => ({
      run: (...params: unknown[]) => void query(sql, params),
      get: (...params: unknown[]) => query(sql, params)[0],
      all: (...params: unknown[]) => query(sql, params),
    }),
    end: () => client.end(),
  };
  return db as unknown as Db & { end(): void };
}

export interface Scratch {
  db: Db;
  /** Closes the connection and drops the database. */
  drop(): void;
}

/** A new, empty database on the test server. */
export function scratchDatabase(label: string): Scratch {
  const name = `aiguillage_${label}_${process.pid}_${Date.now()}`;
  const admin = connect(PG_URL!);
  admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
  return {
    db,
    drop() {
      db.end();
      admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      admin.end();
    },
  };
}

/** Applies the PostgreSQL migrations from..to, each in its own transaction. */
export function migratePostgres(db: Db, from = 0, to = postgresMigrations.length): void {
  for (const m of postgresMigrations.slice(from, to)) {
    db.exec('BEGIN');
    m.up(db);
    db.exec('COMMIT');
  }
}
