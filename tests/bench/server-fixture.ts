/**
 * The server bench's database, the same on both engines: the demo network and its zones, 50,000
 * leads waiting in the queue (the demo's arrivals: 5,000 drawn by its generator, then copied
 * set-based nine times with their events, a minute later per copy), the dashboard's stored totals
 * up to date, the week's backup taken, and the 50 signed-up users of the load test. Drawing every lead would take a minute
 * on PostgreSQL (two round trips each); the copies take a few seconds.
 */
import type { Context } from '../../core/commands/define';
import type { Db } from '../../core/db/connection';
import type { ScheduledBackups } from '../../core/db/backup';
import { seedDemo } from '../../core/demo/network';
import { seedDemoLeads } from '../../core/demo/leads';
import { seedDemoTerritories } from '../../core/demo/territories';
import { refreshRollup } from '../../core/kpi/rollup';
import { readSettings } from '../../core/settings/read';
import { generatePassword, hashPassword } from '../../core/users/passwords';
import { insertUser } from '../../core/users/store';
import type { Role } from '../../common/roles';

export interface BenchUser {
  email: string;
  password: string;
  role: Role;
}

const DRAWN = 5000;

/** Copies the `DRAWN` leads and their events `copies - 1` times under new ids, in one transaction. */
function multiplyLeads(db: Db, copies: number): void {
  const drawn = db.prepare('SELECT max(id) FROM leads').pluck().get() as number;
  const columns = Object.keys(db.prepare('SELECT * FROM leads LIMIT 1').get() as object).filter((c) => c !== 'id' && c !== 'received_at');
  const list = columns.join(', ');
  db.transaction(() => {
    for (let k = 1; k < copies; k++) {
      db.prepare(`INSERT INTO leads (id, received_at, ${list}) SELECT id + ?, received_at + ?, ${list} FROM leads WHERE id <= ?`).run(k * drawn, k * 60_000, drawn);
      db.prepare('INSERT INTO lead_events (lead_id, type, at, actor, data) SELECT lead_id + ?, type, at + ?, actor, data FROM lead_events WHERE lead_id <= ?').run(k * drawn, k * 60_000, drawn);
    }
    // Explicit ids leave PostgreSQL's identity sequences behind: the next leads and events must not collide.
    if (db.engine === 'postgres') {
      db.exec("SELECT setval(pg_get_serial_sequence('leads', 'id'), (SELECT max(id) FROM leads)); SELECT setval(pg_get_serial_sequence('lead_events', 'id'), (SELECT max(id) FROM lead_events))");
    }
  })();
  // A server that has run a while has had its tables vacuumed (autovacuum): counts read the indexes alone, as they would there.
  if (db.engine === 'postgres') db.exec('VACUUM ANALYZE');
}

/**
 * Fills an empty, migrated database and takes the week's backup (a server that has run a while
 * has it: none is due during the load); returns the users (qualifiers first, then managers)
 * with their password.
 */
export async function fillServerDatabase(ctx: Context, { leads, qualifiers, managers }: { leads: number; qualifiers: number; managers: number }, backups: ScheduledBackups): Promise<BenchUser[]> {
  seedDemo(ctx);
  seedDemoTerritories(ctx);
  seedDemoLeads(ctx, { count: DRAWN, now: ctx.now() });
  multiplyLeads(ctx.db, Math.ceil(leads / DRAWN));
  const settings = readSettings(ctx);
  while (refreshRollup(ctx.db, settings['sla.businessHours'], settings['sla.targets'], 366) > 0);
  // One password for all: hashing it (scrypt, made slow on purpose) 50 times would take longer than the leads.
  const password = generatePassword();
  const passwordHash = hashPassword(password);
  const roles: Role[] = [...Array<Role>(qualifiers).fill('qualifier'), ...Array<Role>(managers).fill('manager')];
  const users = roles.map((role, i) => insertUser(ctx.db, { email: `${role}${i}@bench.example.fr`, displayName: `${role} ${i}`, role, passwordHash }, ctx.now()));
  await backups.take('weekly', ctx.now());
  return users.map((u, i) => ({ email: u.email, password, role: roles[i]! }));
}
