/**
 * A network with a backlog of overdue dispatches, for the background-job tests, the crash test
 * and the bench: the demo network (60 members, their territories), `count` demo leads all
 * dispatched to a member at `dispatchedAt` with their acceptance deadline at `dueAt` (spread over the next hour),
 * nobody having answered. Written straight in SQL (a few seconds for 20,000 leads) with the
 * rows a real dispatch writes: the dispatch, the lead's status and owner, the timeline event.
 */
import type { Context } from '../commands/define';
import { seedDemo } from '../demo/network';
import { seedDemoLeads } from '../demo/leads';
import { seedDemoTerritories } from '../demo/territories';

export function seedOverdueBacklog(ctx: Context, { count, dispatchedAt, dueAt }: { count: number; dispatchedAt: number; dueAt: number }): number[] {
  const { db } = ctx;
  const at = { ...ctx, now: () => dispatchedAt };
  seedDemo(at);
  seedDemoTerritories(at);
  seedDemoLeads(at, { count, now: dispatchedAt });
  // Room for the whole backlog: a full member is excluded, and the re-routed leads would all end at the head office.
  db.prepare('UPDATE members SET capacity_per_week = 100000').run();
  const members = db.prepare('SELECT id FROM members WHERE archived_at IS NULL AND active = 1 ORDER BY id').pluck().all() as number[];
  const ids = db.prepare('SELECT id FROM leads ORDER BY id').pluck().all() as number[];
  const lead = db.prepare("UPDATE leads SET status = 'dispatched', temperature = coalesce(temperature, 'warm'), requalify_on = NULL, owner_member_id = ?, updated_at = ? WHERE id = ?");
  const dispatch = db
    .prepare(
      `INSERT INTO dispatches (lead_id, outcome, member_id, decision, at, actor, accept_due_at)
     VALUES (?, 'member', ?, '{"outcome":{"kind":"member"},"whiteZone":false,"candidates":[]}', ?, 'fixture', ?) RETURNING id`,
    )
    .pluck();
  const event = db.prepare("INSERT INTO lead_events (lead_id, type, at, actor, data) VALUES (?, 'dispatched', ?, 'fixture', ?)");
  db.transaction(() => {
    ids.forEach((id, i) => {
      const memberId = members[i % members.length]!;
      // Deadlines spread over an hour, so "oldest deadline first" has an order to keep.
      const due = dueAt + (i % 3600) * 1000;
      lead.run(memberId, dispatchedAt, id);
      const dispatchId = dispatch.get(id, memberId, dispatchedAt, due) as number;
      event.run(id, dispatchedAt, JSON.stringify({ dispatchId, memberId, manual: false, reason: null, settingsVersion: null, acceptDueAt: due }));
    });
  })();
  return ids;
}
