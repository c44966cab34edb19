/**
 * Plays the demo's six months once for the whole run, before any worker starts (it takes tens of
 * seconds on a loaded machine): every test that starts a host on the demo gets a copy of it.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDemoDatabase } from './fixtures';

export default async function globalSetup(): Promise<() => void> {
  const file = await createDemoDatabase();
  // Read by the workers, which inherit the environment.
  process.env.AIGUILLAGE_E2E_DEMO = file;
  return () => rmSync(dirname(file), { recursive: true, force: true });
}
