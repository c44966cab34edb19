/**
 * Test support for a describe block on PostgreSQL: a scratch database of the test cluster and a
 * folder, server processes the tests start on it, all stopped and removed after the block.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { postgresBackups } from '../core/db/pg-backup';
import { createDatabase, dropDatabase, scratchName } from '../core/db/scratch';
import { startServer, stopServers, type ServerProcess } from './test-processes';

export interface ScratchServers {
  /** The scratch database (set before the block's first test). */
  readonly url: string;
  /** Starts `count` server processes at once; throws with each refusal if any did not start (those that did are stopped after the block). */
  start(count: number): Promise<ServerProcess[]>;
}

export function scratchServers(clusterUrl: string, label: string): ScratchServers {
  const name = scratchName(label);
  let url = '';
  let dir = '';
  const servers: ServerProcess[] = [];
  beforeAll(() => {
    url = createDatabase(clusterUrl, name);
    dir = mkdtempSync(join(tmpdir(), `aig-${label}-`));
  });
  afterAll(async () => {
    await stopServers(servers);
    dropDatabase(clusterUrl, name);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      return url;
    },
    async start(count) {
      // The week's backup taken, as on a server that has run a while: none falls due in the servers, whose stop
      // would leave its check's scratch database behind (and core/db/pg-backup.test.ts counts those).
      await postgresBackups(url, join(dir, 'backups')).take('weekly', Date.now());
      const started = await Promise.allSettled(Array.from({ length: count }, () => startServer(url, dir)));
      const refused = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      servers.push(...running);
      if (refused.length) throw new Error(`${refused.length} of ${count} server processes did not start:\n${refused.join('\n')}`);
      return running;
    },
  };
}
