/**
 * Row versions: several people edit the same lead, member or territory at once (server mode).
 * Every write of such a row raises its `version` (the stores add `version = version + 1` to their
 * UPDATEs: done in the commands rather than by trigger because a SQLite trigger cannot change the
 * row being written, only write it a second time, which would double the cost of the bulk paths).
 * An edit made from what a person saw names the version it saw; `claimVersion` then takes the row
 * with one conditional UPDATE, portable to both engines. On PostgreSQL the UPDATE also locks the
 * row, so of two edits racing from the same version the second waits, re-reads the row and finds
 * the version moved: one wins, the other gets a conflict carrying the row as it is now.
 */
import { z } from 'zod';
import { prepared, type Db } from './connection';
import { AppError } from '../commands/errors';
import { tr } from '../language';

export type VersionedTable = 'leads' | 'members' | 'territories';

/** The version an edit was made from; absent (CLI, jobs, scripts) the edit applies to whatever is there. */
export const expectedVersion = z.number().int().positive().optional();

/** What a stale edit gets back with its conflict: the row now, and who changed it last when that is known. */
export interface StaleRow {
  current: unknown;
  changedBy: string | null;
}

const NOUNS: Record<VersionedTable, [string, string]> = {
  leads: ['lead', 'ce lead'],
  members: ['member', 'ce membre'],
  territories: ['territory', 'cette zone'],
};

/**
 * Claims the row for this edit when the caller named the version it saw, raising the version so
 * the edit counts as a change even when it writes nothing else of the row (a workflow step). A
 * missing row passes: the command reports it as not found in its own words. Call it inside the
 * command's transaction, before its writes.
 */
export function claimVersion(db: Db, table: VersionedTable, id: number, expected: number | undefined, stale: () => StaleRow | undefined): void {
  if (expected === undefined) return;
  const { changes } = prepared(db, `UPDATE ${table} SET version = version + 1 WHERE id = ? AND version = ?`).run(id, expected);
  if (changes === 1) return;
  const now = stale();
  if (now === undefined) return;
  const [en, fr] = NOUNS[table];
  const by = now.changedBy ? ` (${now.changedBy})` : '';
  throw new AppError(
    'conflict',
    tr(
      `Someone else changed this ${en}${by} in the meantime; nothing was saved. Here is its current state.`,
      `Quelqu’un d’autre a modifié ${fr}${by} entre-temps ; rien n’a été enregistré. Voici son état actuel.`,
    ),
    undefined,
    now,
  );
}
