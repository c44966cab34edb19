/**
 * The network as routing sees it at one instant, read from the database once: members with
 * their load this week, conversion rate, last lead received and absences, plus the coverage
 * index. Building it once and routing many leads against it is what makes bulk dispatch and
 * simulation fast.
 */
import { TZDate } from '@date-fns/tz';
// Per-function import: the date-fns root entry loads all of its 250 modules (seconds at start-up).
import { startOfWeek } from 'date-fns/startOfWeek';
import type { Db } from '../db/connection';
import { coverageIndexFor } from '../coverage';
import { listAbsences } from '../members/absences';
import { parisDay } from '../../common/paris';
import { loadCatalogue, type Catalogue } from '../products/catalogue';
import type { MemberSnapshot, NetworkSnapshot } from './types';

export const TIME_ZONE = 'Europe/Paris';
const CONVERSION_WINDOW_MS = 180 * 86_400_000;

export function weekStart(at: number): number {
  return startOfWeek(new TZDate(at, TIME_ZONE), { weekStartsOn: 1 }).getTime();
}

interface MemberRow {
  id: number;
  name: string;
  active: number;
  lat: number | null;
  lon: number | null;
  priorityCoefficient: number;
  capacityPerWeek: number;
  productLines: string;
  loadThisWeek: number;
  lastAssignedAt: number | null;
  won: number;
  closed: number;
}

/** The snapshot with the catalogue it resolved the members' product lines with, to resolve the leads' the same way. */
export interface LiveSnapshot extends NetworkSnapshot {
  catalogue: Catalogue;
}

export function buildSnapshot(db: Db, now: number): LiveSnapshot {
  const catalogue = loadCatalogue(db);
  const rows = db
    .prepare(
      `SELECT m.id, m.name, m.active, m.lat, m.lon, m.priority_coefficient AS "priorityCoefficient", m.capacity_per_week AS "capacityPerWeek",
         m.product_lines AS "productLines",
         (SELECT count(*) FROM dispatches d WHERE d.member_id = m.id AND d.outcome = 'member' AND d.at >= @week) AS "loadThisWeek",
         (SELECT max(at) FROM dispatches d WHERE d.member_id = m.id AND d.outcome = 'member') AS "lastAssignedAt",
         coalesce(c.won, 0) AS won, coalesce(c.closed, 0) AS closed
       FROM members m
       -- One pass over the recent closed leads for all members: a subquery per member read them all again for each (every dispatch paid members x leads).
       LEFT JOIN (
         SELECT owner_member_id AS member_id, sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS won, count(*) AS closed
         FROM leads WHERE status IN ('won','lost') AND received_at >= @since AND owner_member_id IS NOT NULL GROUP BY owner_member_id
       ) c ON c.member_id = m.id
       WHERE m.archived_at IS NULL`,
    )
    .all({ week: weekStart(now), since: now - CONVERSION_WINDOW_MS }) as MemberRow[];
  const today = parisDay(now);
  const absences = new Map<number, MemberSnapshot['absences']>();
  for (const a of listAbsences({ db }, undefined, today)) {
    const list = absences.get(a.memberId) ?? [];
    list.push({ startsOn: a.startsOn, endsOn: a.endsOn });
    absences.set(a.memberId, list);
  }
  const members = new Map<number, MemberSnapshot>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        active: r.active === 1,
        lat: r.lat,
        lon: r.lon,
        priorityCoefficient: r.priorityCoefficient,
        capacityPerWeek: r.capacityPerWeek,
        loadThisWeek: r.loadThisWeek,
        // Too few closed leads say nothing about a member: no history rather than a noisy rate.
        conversionRate: r.closed >= 3 ? r.won / r.closed : null,
        lastAssignedAt: r.lastAssignedAt,
        productLines: catalogue.canonical(JSON.parse(r.productLines) as string[]).lines,
        absences: absences.get(r.id) ?? [],
      },
    ]),
  );
  const index = coverageIndexFor(db);
  return { members, cover: (point) => index.coverageAt(point), today, catalogue };
}

/** Counts a dispatch in the snapshot, so the next lead of a bulk run sees the new load. */
export function recordAssignment(snapshot: NetworkSnapshot, memberId: number, at: number): void {
  const m = snapshot.members.get(memberId);
  if (!m) return;
  m.loadThisWeek += 1;
  m.lastAssignedAt = at;
}
