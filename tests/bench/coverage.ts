/**
 * Coverage figures: 100,000 random points through the coverage index (5,000 irregular polygon
 * territories, some with holes, and 400 member radii over metropolitan France) against a naive
 * loop (turf's booleanPointInPolygon on every polygon, haversine on every member) run on a
 * subset and extrapolated; then the coverage analysis over 35,000 commune-like points and the
 * index rebuild from SQLite, each against the 300 ms budget for "refresh while editing".
 * The naive and indexed answers are compared on the subset, so a fast wrong index fails here.
 */
import { booleanPointInPolygon } from '@turf/turf';
import { openDatabase } from '../../core/db/connection';
import { haversineKm } from '../../core/geo/distance';
import { places } from '../../core/geo/places';
import type { Commune, Point } from '../../core/geo/types';
import { analyseCoverage } from '../../core/coverage/analysis';
import { CoverageIndex, coverageIndexFor, type CoverageMember, type CoverageTerritory } from '../../core/coverage/index';
import { insertMember } from '../../core/members/store';
import { insertTerritory } from '../../core/territories/store';
import { median, time, type Report } from './report';
import { randomNetwork, randomPoints, seeded } from './coverage-fixtures';

const POINTS = 100_000;
const NAIVE_POINTS = 400;
const BUDGET_MS = 300;

export async function benchCoverage(report: Report): Promise<void> {
  const rand = seeded(20261123);
  const { members, territories } = randomNetwork(rand, 5_000, 400);
  const index = new CoverageIndex(members, territories);
  const points = randomPoints(rand, POINTS);

  const totals = [0, 1, 2].map(() => time(() => points.forEach((p) => index.coverageAt(p))));
  const perPoint = points.slice(0, 20_000).map((p) => time(() => index.coverageAt(p)) * 1000);
  const naiveMs = time(() => points.slice(0, NAIVE_POINTS).forEach((p) => naiveCoverage(members, territories, p)));
  assertSameAnswers(index, members, territories, points.slice(0, NAIVE_POINTS));

  const indexedMs = median(totals);
  const naiveTotalMs = (naiveMs / NAIVE_POINTS) * POINTS;
  report('coverageAt, 100k points, 5,000 territories + 400 radii (naive extrapolated)', indexedMs, 'ms', naiveTotalMs, naiveTotalMs / indexedMs);
  const p50 = median(perPoint);
  const naivePerPoint = (naiveMs / NAIVE_POINTS) * 1000;
  report('coverageAt p50 per point (naive: turf loop + haversine loop)', p50, 'µs', naivePerPoint, naivePerPoint / p50);

  const { communes, label } = communesToSample(rand);
  const analysisMs = median([0, 1, 2, 3, 4].map(() => time(() => analyseCoverage(index, communes))));
  report(`coverage analysis over ${label} (baseline: 300 ms budget)`, analysisMs, 'ms', BUDGET_MS, BUDGET_MS / analysisMs);

  const rebuildMs = rebuildFromDatabase(members, territories);
  report('coverage index rebuild from SQLite (baseline: 300 ms budget)', rebuildMs, 'ms', BUDGET_MS, BUDGET_MS / rebuildMs);
}

/** What a straightforward implementation would do: test everything. */
function naiveCoverage(members: CoverageMember[], territories: CoverageTerritory[], p: Point): Set<number> {
  const found = new Set<number>();
  const position = [p.lon, p.lat];
  for (const t of territories) {
    if (t.shape.kind === 'polygon' && booleanPointInPolygon(position, t.shape.geometry)) found.add(t.memberId);
  }
  for (const m of members) {
    if (m.lat !== null && m.lon !== null && m.radiusKm > 0 && haversineKm(m as Point, p) <= m.radiusKm) found.add(m.id);
  }
  return found;
}

function assertSameAnswers(index: CoverageIndex, members: CoverageMember[], territories: CoverageTerritory[], points: Point[]): void {
  for (const p of points) {
    const naive = [...naiveCoverage(members, territories, p)].sort((a, b) => a - b).join(',');
    const indexed = index.coverageAt(p).map((h) => h.memberId).sort((a, b) => a - b).join(',');
    if (naive !== indexed) throw new Error(`coverage index disagrees with the naive loop at ${p.lat}, ${p.lon}: ${indexed} vs ${naive}`);
  }
}

/** The shipped communes when resources/geo is built (real density: crowded cities, empty mountains), else random ones. */
function communesToSample(rand: () => number): { communes: readonly Commune[]; label: string } {
  try {
    const all = places().all;
    return { communes: all, label: `the ${Math.round(all.length / 1000)}k shipped communes` };
  } catch {
    return { communes: randomCommunes(rand, 35_000), label: '35k random communes' };
  }
}

function randomCommunes(rand: () => number, n: number): Commune[] {
  return randomPoints(rand, n).map((p, i) => ({
    insee: String(10000 + i),
    name: `Commune ${i}`,
    postalCodes: [],
    departement: String(1 + (i % 95)).padStart(2, '0'),
    population: Math.round(50 + rand() ** 4 * 20000),
    precision: 'commune',
    ...p,
  }));
}

/** Writes the network to an in-memory database, then times the lazy rebuild (read + parse + index). */
function rebuildFromDatabase(members: CoverageMember[], territories: CoverageTerritory[]): number {
  const db = openDatabase(':memory:');
  db.transaction(() => {
    for (const m of members) {
      const fields = { name: `M${m.id}`, kind: 'installer' as const, contactName: '', email: '', phone: '', address: '', postalCode: '37000', city: 'Tours', lat: m.lat, lon: m.lon };
      insertMember(db, { ...fields, capacityPerWeek: 10, priorityCoefficient: m.priorityCoefficient, radiusKm: m.radiusKm, productLines: [], active: true }, '37', 0);
    }
    for (const t of territories) insertTerritory(db, { memberId: t.memberId, name: t.name, priorityOverride: t.priorityOverride, shape: t.shape }, 0);
  })();
  const runs = [0, 1, 2].map(() => {
    db.exec('UPDATE network_version SET version = version + 1');
    return time(() => coverageIndexFor(db));
  });
  db.close();
  return median(runs);
}

if (process.argv[1]?.endsWith('coverage.ts')) {
  await benchCoverage((name, value, unit, baseline, ratio) => console.log(`${name}: ${value.toFixed(3)} ${unit} (baseline ${baseline.toFixed(1)} ${unit}, ratio ${ratio.toFixed(1)}x)`));
}
