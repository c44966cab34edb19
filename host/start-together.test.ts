/**
 * A head office's server processes are started together (a service manager, a deployment
 * script) on a database no process has migrated yet: one migrates, the others wait for it and
 * then find the schema current. Without that, each read version 0 and ran the same migrations at
 * once, and all but one failed on objects the first had just created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/connection';
import { schemaVersion, SCHEMA_VERSION } from '../core/db/migrate';
import { createDatabase, dropDatabase, scratchName } from '../core/db/scratch';
import { startServer, stopServers, type ServerProcess } from './test-processes';

const URL = process.env.AIGUILLAGE_TEST_PG_URL;
const PROCESSES = 3;

describe.skipIf(!URL)('server processes started together on an empty PostgreSQL database', { timeout: 180_000 }, () => {
  const name = scratchName('together');
  const dir = mkdtempSync(join(tmpdir(), 'aig-together-'));
  let url: string;
  let servers: ServerProcess[] = [];

  beforeAll(() => {
    url = createDatabase(URL!, name);
  });
  afterAll(async () => {
    await stopServers(servers);
    dropDatabase(URL!, name);
    rmSync(dir, { recursive: true, force: true });
  });

  it('all start, the schema migrated once to the current version', async () => {
    const started = await Promise.allSettled(Array.from({ length: PROCESSES }, () => startServer(url, dir)));
    servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    const db = openDatabase(url);
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
