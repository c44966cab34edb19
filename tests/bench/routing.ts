/**
 * Routing bench: 100,000 leads routed over 5,000 territories and 400 members through the
 * coverage index, against the naive lookup (every territory with its bounding-box pre-check,
 * then turf's exact test; every member's radius by haversine) routing the same 100,000 leads;
 * and a simulation over a year of dispatched leads read from a real database, against plain
 * route() calls on the same number of leads.
 */
import { CoverageIndex } from '../../core/coverage/index';
import { haversineKm } from '../../core/geo/distance';
import { route } from '../../core/routing/route';
import { DEFAULT_ROUTING_SETTINGS } from '../../core/routing/settings';
import type { CoverageHit, MemberSnapshot, NetworkSnapshot, RoutingLead } from '../../core/routing/types';
import { openDatabase } from '../../core/db/connection';
import { simulate } from '../../core/routing/simulate';
import { randomNetwork, randomPoints, seeded, territoriesContaining } from './coverage-fixtures';
import { time, type Report } from './report';

const LEADS = 100_000;
const MEMBERS = 400;
const PRODUCTS = ['Pompe à chaleur', 'Photovoltaïque', 'Isolation'];

function network() {
  const rand = seeded(42);
  const { members, territories } = randomNetwork(rand, 5_000, MEMBERS);
  const kept = members.slice(0, MEMBERS);
  for (const t of territories) t.memberId = 1 + ((t.id - 1) % MEMBERS);
  const snapshots = new Map<number, MemberSnapshot>(
    kept.map((m) => [
      m.id,
      {
        id: m.id,
        name: m.name,
        active: true,
        lat: m.lat,
        lon: m.lon,
        priorityCoefficient: m.priorityCoefficient,
        capacityPerWeek: 20 + (m.id % 30),
        loadThisWeek: m.id % 25,
        conversionRate: (m.id % 10) / 20,
        lastAssignedAt: m.id * 1000,
        productLines: PRODUCTS.slice(0, 1 + (m.id % 3)),
        absences: m.id % 40 === 0 ? [{ startsOn: '2026-11-01', endsOn: '2026-11-30' }] : [],
      },
    ]),
  );
  const leads: RoutingLead[] = randomPoints(rand, LEADS).map((point, i) => ({ id: i + 1, point, product: PRODUCTS[i % 3]!, unknownProduct: null, temperature: 'warm', excludedMemberIds: [] }));
  return { kept, territories, snapshots, leads };
}

/** The naive way: the territory loop with its bounding-box pre-check, and every member radius, for each lead. */
function naiveCover(net: ReturnType<typeof network>) {
  const byId = new Map(net.kept.map((m) => [m.id, m]));
  return (p: { lat: number; lon: number }): CoverageHit[] => {
    const hits: CoverageHit[] = [];
    for (const t of territoriesContaining(net.territories, p)) {
      const m = byId.get(t.memberId)!;
      hits.push({
        memberId: m.id,
        via: 'territory',
        territoryId: t.id,
        distanceKm: m.lat === null ? 0 : haversineKm(p, m as { lat: number; lon: number }),
        coefficient: t.priorityOverride ?? m.priorityCoefficient,
      });
    }
    for (const m of net.kept) {
      if (m.lat === null || m.lon === null) continue;
      const d = haversineKm(p, { lat: m.lat, lon: m.lon });
      if (d <= m.radiusKm) hits.push({ memberId: m.id, via: 'radius', distanceKm: d, coefficient: m.priorityCoefficient });
    }
    return hits;
  };
}

export async function benchRouting(report: Report): Promise<void> {
  const net = network();
  const index = new CoverageIndex(net.kept, net.territories);
  const now = Date.UTC(2026, 10, 23, 10);
  const indexed: NetworkSnapshot = { members: net.snapshots, cover: (p) => index.coverageAt(p), today: '2026-11-23' };
  const naive: NetworkSnapshot = { members: net.snapshots, cover: naiveCover(net), today: '2026-11-23' };
  const outcomes = (snapshot: NetworkSnapshot) => net.leads.map((l) => route(l, snapshot, DEFAULT_ROUTING_SETTINGS, now).outcome);
  let fast: ReturnType<typeof outcomes> = [];
  let slow: ReturnType<typeof outcomes> = [];
  const fastMs = time(() => (fast = outcomes(indexed)));
  const naiveMs = time(() => (slow = outcomes(naive)));
  // A fast wrong index fails here: both ways must route every lead alike.
  fast.forEach((o, i) => {
    if (JSON.stringify(o) !== JSON.stringify(slow[i])) throw new Error(`routing with the index differs from the naive lookup for lead ${i + 1}`);
  });
  const toMember = fast.filter((o) => o.kind === 'member').length;
  report({ name: 'route 100k leads', value: fastMs, unit: 'ms', baseline: naiveMs, goal: 400 });
  console.log(`  (over 5,000 territories / 400 members: ${toMember.toLocaleString('en-US')} leads to a member)`);
  await benchSimulation(report);
}

/** A year of dispatched leads in a real database, replayed with other coefficients. */
async function benchSimulation(report: Report): Promise<void> {
  const db = openDatabase(':memory:');
  const rand = seeded(7);
  const from = Date.UTC(2025, 10, 1);
  const to = Date.UTC(2026, 10, 1);
  const insertMember = db.prepare(
    `INSERT INTO members (name, kind, postal_code, city, departement, lat, lon, capacity_per_week, priority_coefficient, radius_km, product_lines, created_at, updated_at)
     VALUES (?, 'installer', '37000', 'Tours', '37', ?, ?, 15, 1, 40, '["Pompe à chaleur"]', 0, 0)`,
  );
  const points = randomPoints(rand, MEMBERS);
  db.transaction(() => points.forEach((p, i) => insertMember.run(`Member ${i + 1}`, p.lat, p.lon)))();
  const leads = 40_000;
  const insertLead = db
    .prepare(
      `INSERT INTO leads (last_name, lat, lon, product, temperature, status, received_at, created_at, updated_at) VALUES ('X', ?, ?, 'Pompe à chaleur', 'warm', 'dispatched', ?, 0, 0) RETURNING id`,
    )
    .pluck();
  const insertDispatch = db.prepare(`INSERT INTO dispatches (lead_id, outcome, member_id, decision, at, actor) VALUES (?, 'member', ?, '{}', ?, 'bench')`);
  db.transaction(() => {
    for (const [i, p] of randomPoints(rand, leads).entries()) {
      const at = from + Math.floor(((to - from) * i) / leads);
      const id = insertLead.get(p.lat, p.lon, at) as number;
      insertDispatch.run(id, 1 + (i % MEMBERS), at);
    }
  })();
  const ctx = { db, dbPath: ':memory:', actor: 'bench', now: () => to };
  let replayed = 0;
  const simMs = time(() => (replayed = simulate(ctx, { from, to, settings: DEFAULT_ROUTING_SETTINGS, coefficients: { 1: 3, 2: 0.5 } }).leads));
  // Baseline: the same number of bare route() calls against a fixed snapshot (no replay bookkeeping, no database).
  const net = network();
  const index = new CoverageIndex(net.kept, net.territories);
  const snapshot: NetworkSnapshot = { members: net.snapshots, cover: (p) => index.coverageAt(p), today: '2026-11-23' };
  const bareMs = time(() => net.leads.slice(0, replayed).forEach((l) => route(l, snapshot, DEFAULT_ROUTING_SETTINGS, to)));
  report({ name: 'simulation one year', value: simMs, unit: 'ms', baseline: bareMs, goal: 500 });
  console.log(`  (${replayed.toLocaleString('en-US')} dispatched leads, 400 members; baseline: as many bare route() calls)`);
  db.close();
}
