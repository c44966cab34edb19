/** SQL for the planning targets; one row per (month, region or département, source). */
import type { Db } from '../db/connection';

export interface Target {
  id: number;
  month: string;
  region: string | null;
  departement: string | null;
  source: string | null;
  leads: number | null;
  qualified: number | null;
  conversion: number | null;
}

export type TargetScope = Pick<Target, 'month' | 'region' | 'departement' | 'source'>;

const SELECT = 'SELECT id, month, region, departement, source, leads, qualified, conversion FROM targets';

export function listTargets(db: Db, from?: string, to?: string): Target[] {
  return db.prepare(`${SELECT} WHERE month >= ? AND month <= ? ORDER BY month, region NULLS FIRST, departement NULLS FIRST, source NULLS FIRST`).all(from ?? '0000-00', to ?? '9999-99') as Target[];
}

export function getTarget(db: Db, id: number): Target | undefined {
  return db.prepare(`${SELECT} WHERE id = ?`).get(id) as Target | undefined;
}

/** The target of exactly this scope (null region = the whole network, null source = all sources). */
export function findTarget(db: Db, s: TargetScope): Target | undefined {
  return db
    .prepare(`${SELECT} WHERE month = ? AND region IS NOT DISTINCT FROM ? AND departement IS NOT DISTINCT FROM ? AND source IS NOT DISTINCT FROM ?`)
    .get(s.month, s.region, s.departement, s.source) as Target | undefined;
}

/** The targets of these months for one geography and source. */
export function targetsOf(db: Db, months: string[], s: Omit<TargetScope, 'month'>): Target[] {
  if (months.length === 0) return [];
  return db
    .prepare(`${SELECT} WHERE month IN (${months.map(() => '?').join(',')}) AND region IS NOT DISTINCT FROM ? AND departement IS NOT DISTINCT FROM ? AND source IS NOT DISTINCT FROM ? ORDER BY month`)
    .all(...months, s.region, s.departement, s.source) as Target[];
}

export function saveTarget(db: Db, t: Omit<Target, 'id'> & { id?: number }, now: number, actor: string): number {
  const values = [t.month, t.region, t.departement, t.source, t.leads, t.qualified, t.conversion, now, actor];
  if (t.id !== undefined) {
    db.prepare('UPDATE targets SET month = ?, region = ?, departement = ?, source = ?, leads = ?, qualified = ?, conversion = ?, updated_at = ?, actor = ? WHERE id = ?').run(...values, t.id);
    return t.id;
  }
  return db
    .prepare('INSERT INTO targets (month, region, departement, source, leads, qualified, conversion, updated_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id')
    .pluck()
    .get(...values) as number;
}

export function deleteTarget(db: Db, id: number): void {
  db.prepare('DELETE FROM targets WHERE id = ?').run(id);
}
