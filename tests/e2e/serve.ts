/** `aiguillage serve` for the server-mode specs: a fresh SQLite file with the demo network, the first administrator from --admin-email. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface Served {
  server: ChildProcess;
  origin: string;
  adminPassword: string;
}

/**
 * Starts the server on `database` (a new file when absent) and reads its address and the
 * administrator's one-time password from what it prints. `demo: false` starts a new file empty.
 */
export async function startServer({ database, demo = true }: { database?: string; demo?: boolean } = {}): Promise<Served> {
  const file = database ?? join(mkdtempSync(join(tmpdir(), 'aig-server-')), 'server.sqlite');
  const server = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), '--database', file, '--listen', '127.0.0.1:0', '--admin-email', 'admin@reseau.fr', ...(demo ? [] : ['--no-demo'])], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /Listening on (http:\/\/\S+)/.exec(out);
      const password = /one-time password: (\S+)/.exec(out);
      if (listening && password) {
        clearTimeout(timer);
        resolve({ server, origin: listening[1]!, adminPassword: password[1]! });
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}
