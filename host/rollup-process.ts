/**
 * Starts a server process's rollup process on PostgreSQL (rollup-child.ts: the dashboard's stored
 * totals rebuilt in the background). A child process rather than a worker thread: libpq's addon
 * loads once per process. It does not keep the server alive, ends when the server stops or
 * dies (its IPC channel closes), and tells the server's log when a rebuild fails.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerSource } from '../core/worker-source';
import type { RollupChildMessage } from './rollup-child';

/** Starts it; `stop` resolves once it has ended. */
export function startRollupProcess(url: string, log: (message: string, error?: unknown) => void = console.error): { stop: () => Promise<void> } {
  const { url: source, execArgv } = workerSource(import.meta.url, './rollup-child.ts', 'rollup-child');
  // The URL (it may hold the application role's password) goes by the environment, not the command line that `ps` shows.
  const child = fork(fileURLToPath(source), [], { execArgv: execArgv ?? [], env: { ...process.env, AIGUILLAGE_ROLLUP_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.unref();
  child.channel?.unref();
  child.on('message', (message: RollupChildMessage) => log('rollup process: rebuilding the dashboard totals failed', message.failed));
  child.on('error', (error) => log('rollup process failed to start', error));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: () => {
      if (child.connected) child.disconnect();
      return ended;
    },
  };
}
