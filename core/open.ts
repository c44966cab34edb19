/**
 * Opening the app's database the way every host does: create the folder, open and migrate,
 * and fill a brand-new database with the demo network unless asked not to.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Context } from './commands/define';
import { openDatabase } from './db/connection';
import { seedDemo } from './demo/network';

export interface OpenOptions {
  dbPath: string;
  demo: boolean;
  actor?: string;
}

export function openApp({ dbPath, demo, actor = 'user' }: OpenOptions): Context & { seeded: number } {
  const isNew = dbPath === ':memory:' || !existsSync(dbPath);
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const ctx: Context = { db: openDatabase(dbPath), dbPath, actor, now: () => Date.now() };
  const seeded = isNew && demo ? seedDemo(ctx) : 0;
  return { ...ctx, seeded };
}
