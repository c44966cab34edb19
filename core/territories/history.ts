/**
 * The map's undo and redo, kept in the database (territory_history) so they survive a reload
 * and never depend on ids held by the screen. Each edit command records the exact rows it
 * changed, before and after; undo writes the "before" rows back (a deleted territory returns
 * with its id, name, member, override and dates), redo the "after" rows.
 *
 * A step applies only if every territory it touched is still exactly as the step left it. If
 * something outside the history changed one (the CLI, a member deleted with its territories, an
 * older build), that step cannot be replayed faithfully and the steps behind it may rely on it:
 * the history is cleared, no territory is touched, and the command answers `conflict` saying so.
 * A new edit after an undo drops the redo branch; the history keeps the last HISTORY_LIMIT steps.
 */
import type { Db } from '../db/connection';
import { AppError } from '../commands/errors';
import { tr } from '../language';

export const HISTORY_LIMIT = 100;

export type HistoryAction = 'create' | 'update' | 'delete' | 'import';

/**
 * A territories row exactly as stored. When the row goes away, the dispatches that pointed at
 * it are remembered too: the foreign key sets their territory_id to null, and bringing the
 * territory back points them at it again, so its figures on the map come back with it.
 */
interface Snapshot {
  row: Record<string, unknown>;
  dispatchIds?: number[];
}

export interface Change {
  id: number;
  before: Snapshot | null;
  after: Snapshot | null;
}

interface StepRow {
  id: number;
  action: HistoryAction;
  label: string;
  changes: string;
}

export interface StepInfo {
  action: HistoryAction;
  /** The territory's name, or for an import the number of territories it created. */
  label: string;
  territoryIds: number[];
}

export interface HistorySummary {
  undo: StepInfo | null;
  redo: StepInfo | null;
  undoCount: number;
  redoCount: number;
}

/** The territory's row now, or null; `leaving` adds the dispatches that point at it (it is about to be deleted). */
export function capture(db: Db, id: number, leaving = false): Snapshot | null {
  const row = db.prepare('SELECT * FROM territories WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!row) return null;
  if (!leaving) return { row };
  const dispatchIds = db.prepare('SELECT id FROM dispatches WHERE territory_id = ? ORDER BY id').pluck().all(id) as number[];
  return { row, dispatchIds };
}

/** Records one step; called by the edit commands inside their transaction, after the write. */
export function record(db: Db, action: HistoryAction, label: string, changes: Change[], now: number): void {
  if (changes.length === 0) return;
  db.prepare('DELETE FROM territory_history WHERE undone = 1').run();
  db.prepare('INSERT INTO territory_history (action, label, changes, at) VALUES (?, ?, ?, ?)').run(action, label, JSON.stringify(changes), now);
  db.prepare('DELETE FROM territory_history WHERE id NOT IN (SELECT id FROM territory_history ORDER BY id DESC LIMIT ?)').run(HISTORY_LIMIT);
}

/** Runs `write` on one territory and records its row before and after as one step. */
export function tracked<T>(db: Db, now: number, action: HistoryAction, id: number, write: () => T, labelOf: (result: T) => string): T {
  const before = capture(db, id, true);
  const result = write();
  const after = capture(db, id);
  // The dispatches only matter on the side where the row is absent on the other.
  if (before && after) delete before.dispatchIds;
  record(db, action, labelOf(result), [{ id, before, after }], now);
  return result;
}

export function summary(db: Db): HistorySummary {
  const count = (undone: number) => db.prepare('SELECT count(*) FROM territory_history WHERE undone = ?').pluck().get(undone) as number;
  const info = (row: StepRow | undefined) => row && stepInfo(row);
  return { undo: info(nextStep(db, 'undo')) ?? null, redo: info(nextStep(db, 'redo')) ?? null, undoCount: count(0), redoCount: count(1) };
}

export function clear(db: Db): void {
  db.prepare('DELETE FROM territory_history').run();
}

type Direction = 'undo' | 'redo';

/**
 * Undoes or redoes the next step. Runs its own transactions: when the step is stale the history
 * is cleared and committed, then the conflict is thrown (a single transaction would roll the
 * clearing back with the error).
 */
export function travel(db: Db, direction: Direction): { step: StepInfo; history: HistorySummary } {
  const outcome = db.transaction(() => {
    const step = nextStep(db, direction);
    if (!step) return { nothing: true as const };
    const changes = JSON.parse(step.changes) as Change[];
    const stale = changes.find((c) => !applicable(db, c, direction));
    if (stale) {
      clear(db);
      return { stale: nameOf(stale) };
    }
    // Undo walks the step's changes backwards, so a step that touched a row twice unwinds in order.
    for (const c of direction === 'undo' ? [...changes].reverse() : changes) restore(db, c, direction);
    db.prepare('UPDATE territory_history SET undone = ?, changes = ? WHERE id = ?').run(direction === 'undo' ? 1 : 0, JSON.stringify(changes), step.id);
    return { step: stepInfo(step) };
  })();
  if ('nothing' in outcome) {
    throw new AppError(
      'conflict',
      direction === 'undo' ? tr('There is no map edit to undo.', 'Aucune modification de la carte à annuler.') : tr('There is no map edit to redo.', 'Aucune modification de la carte à rétablir.'),
    );
  }
  if ('stale' in outcome) {
    throw new AppError(
      'conflict',
      tr(
        `The territory “${outcome.stale}” was changed outside the map's history, so this step cannot be replayed exactly. Nothing was changed; the history was cleared.`,
        `La zone « ${outcome.stale} » a été modifiée hors de l’historique de la carte : cette étape ne peut plus être rejouée à l’identique. Rien n’a été modifié ; l’historique a été vidé.`,
      ),
    );
  }
  return { step: outcome.step, history: summary(db) };
}

function nextStep(db: Db, direction: Direction): StepRow | undefined {
  const sql = direction === 'undo' ? 'WHERE undone = 0 ORDER BY id DESC' : 'WHERE undone = 1 ORDER BY id ASC';
  return db.prepare(`SELECT id, action, label, changes FROM territory_history ${sql} LIMIT 1`).get() as StepRow | undefined;
}

function stepInfo(row: StepRow): StepInfo {
  return { action: row.action, label: row.label, territoryIds: (JSON.parse(row.changes) as Change[]).map((c) => c.id) };
}

const sides = (c: Change, direction: Direction) => (direction === 'undo' ? { from: c.after, to: c.before } : { from: c.before, to: c.after });

/** The row without its version: undo and redo judge and restore the content; the version only grows. */
function content(snapshot: Snapshot | null): Record<string, unknown> | null {
  if (!snapshot) return null;
  const { version: _version, ...row } = snapshot.row;
  return row;
}

/** The row is as the step left it, and the member the restored row names still exists. */
function applicable(db: Db, c: Change, direction: Direction): boolean {
  const { from, to } = sides(c, direction);
  if (JSON.stringify(content(capture(db, c.id))) !== JSON.stringify(content(from))) return false;
  return to === null || db.prepare('SELECT 1 FROM members WHERE id = ?').get(to.row.member_id) !== undefined;
}

function restore(db: Db, c: Change, direction: Direction): void {
  const { from, to } = sides(c, direction);
  if (to === null) {
    // Remember who pointed at the row on the side being left, for the way back.
    from!.dispatchIds = capture(db, c.id, true)!.dispatchIds;
    db.prepare('DELETE FROM territories WHERE id = ?').run(c.id);
    return;
  }
  const row = content(to)!;
  const columns = Object.keys(row);
  if (from === null) {
    // Back past the version it had when it left (0 for steps recorded before versions existed), so
    // an edit that saw the row before it was deleted cannot pass for one that saw it restored.
    const version = Number(to.row.version ?? 0) + 1;
    db.prepare(`INSERT INTO territories (${columns.join(', ')}, version) VALUES (${columns.map((k) => '@' + k).join(', ')}, @version__)`).run({ ...row, version__: version });
  } else {
    const sets = columns.filter((k) => k !== 'id').map((k) => `${k} = @${k}`);
    db.prepare(`UPDATE territories SET ${sets.join(', ')}, version = version + 1 WHERE id = @id`).run(row);
  }
  const repoint = db.prepare('UPDATE dispatches SET territory_id = ? WHERE id = ? AND territory_id IS NULL');
  for (const dispatchId of to.dispatchIds ?? []) repoint.run(c.id, dispatchId);
}

function nameOf(c: Change): string {
  return String((c.after ?? c.before)?.row.name ?? c.id);
}
