/**
 * A head office's server processes are started together (a service manager, a deployment
 * script) on a database no process has migrated yet: one migrates, the others wait for it and
 * then find the schema current. Without that, each read version 0 and ran the same migrations at
 * once, and all but one failed on objects the first had just created.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/connection';
import { schemaVersion, SCHEMA_VERSION } from '../core/db/migrate';
import { scratchServers } from './scratch-servers';

const URL = process.env.AIGUILLAGE_TEST_PG_URL;
const PROCESSES = 3;

describe.skipIf(!URL)('server processes started together on an empty PostgreSQL database', { timeout: 180_000 }, () => {
  const scratch = scratchServers(URL!, 'together');

  it('all start, the schema migrated once to the current version', async () => {
    expect(await scratch.start(PROCESSES)).toHaveLength(PROCESSES);
    const db = openDatabase(scratch.url);
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
