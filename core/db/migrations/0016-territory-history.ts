import type { Db } from '../connection';

/**
 * The map's edit history, so undo and redo are core commands that survive a reload. One row per
 * step (an edit of one territory, or a whole GeoJSON import); `changes` holds, for each territory
 * the step touched, its exact row before and after (null where it did not exist). Steps with
 * `undone = 1` form the redo branch; a new edit drops them.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE territory_history (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
      label TEXT NOT NULL,
      changes TEXT NOT NULL,
      undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
      at INTEGER NOT NULL
    ) STRICT;
  `);
}
