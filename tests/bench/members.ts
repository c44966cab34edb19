/**
 * Members inserted per second through the command table (validation, dispatch, one
 * transaction per call, as the UI does) against raw prepared inserts of the same rows, each in
 * its own transaction too, so the ratio is the cost of the command layer alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../core/db/connection';
import { dispatch } from '../../core/commands/dispatch';
import { demoMembers } from '../../core/demo/network';
import { departementOfPostalCode } from '../../core/geo/departements';
import { insertMember } from '../../core/members/store';
import { median, time, type Report } from './report';

const N = 3000;

function rows() {
  const base = demoMembers();
  // Each its own network code, as members must have (the demo's repeat every 400 rows).
  return Array.from({ length: N }, (_, i) => ({ ...base[i % base.length]!, name: `Bench member ${i}`, code: `B${String(i).padStart(5, '0')}` }));
}

function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'aig-bench-'));
  return { db: openDatabase(join(dir, 'bench.sqlite')), dir };
}

export async function benchMembers(report: Report): Promise<void> {
  const data = rows();
  const viaTable: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 3; round++) {
    {
      const { db, dir } = freshDb();
      const ctx = { db, dbPath: dir, actor: 'bench', now: () => 0 };
      viaTable.push(
        time(() =>
          data.forEach((m) => {
            // A refused row would be timed as a quick one: the figure would flatter the command table.
            const result = dispatch(ctx, 'members.create', m);
            if (!result.ok) throw new Error(`members.create refused ${m.code}: ${result.error.message}`);
          }),
        ),
      );
      db.close();
      rmSync(dir, { recursive: true });
    }
    {
      const { db, dir } = freshDb();
      raw.push(time(() => data.forEach((m) => db.transaction(() => insertMember(db, m, departementOfPostalCode(m.postalCode)!, 0))())));
      db.close();
      rmSync(dir, { recursive: true });
    }
  }
  const perSecond = (ms: number) => Math.round((N / ms) * 1000);
  const value = perSecond(median(viaTable));
  const baseline = perSecond(median(raw));
  report({ name: 'members.create through the command table (baseline: raw prepared inserts, one transaction each)', value, unit: 'rows/s', baseline });
}
