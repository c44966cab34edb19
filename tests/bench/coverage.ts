/**
 * Coverage figures over 5,000 irregular polygon territories (some with holes) and 400 member
 * radii over metropolitan France: 100,000 random points through the coverage index against
 * the naive loop (every territory with its bounding-box pre-check, then turf's exact test;
 * haversine on every member) over the same 100,000 points, whose answers must be the index's;
 * the same over 96 large territories of 2,000 vertices each (as drawn départements are);
 * the coverage analysis of the communes against the naive loop over the same communes; and the
 * index rebuild from SQLite against reading the same rows alone (what the naive loop needs).
 */
import { openDatabase } from '../../core/db/connection';
import { haversineKm } from '../../core/geo/distance';
import { places } from '../../core/geo/places';
import type { Commune, Point } from '../../core/geo/types';
import { analyseCoverage } from '../../core/coverage/analysis';
import { CoverageIndex, coverageIndexFor, type CoverageMember, type CoverageTerritory } from '../../core/coverage/index';
import { loadCoverageNetwork } from '../../core/coverage/network';
import { median, time, type Report } from './report';
import { largeTerritories, randomNetwork, randomPoints, seeded, territoriesContaining, writeNetwork } from './coverage-fixtures';

const POINTS = 100_000;
/** "Refresh while editing": the analysis and the rebuild each within 300 ms. */
const EDITING_GOAL_MS = 300;

export async function benchCoverage(report: Report): Promise<void> {
  const rand = seeded(20261123);
  const { members, territories } = randomNetwork(rand, 5_000, 400);
  const index = new CoverageIndex(members, territories);
  const points = randomPoints(rand, POINTS);

  const indexedMs = median([0, 1, 2].map(() => time(() => points.forEach((p) => index.coverageAt(p)))));
  let naive: Set<number>[] = [];
  const naiveMs = time(() => (naive = points.map((p) => naiveCoverage(members, territories, p))));
  assertSameAnswers(index, naive, points);
  report({ name: 'coverage 100k points', value: indexedMs, unit: 'ms', baseline: naiveMs, goal: 150 });

  // Real territories have thousands of vertices: the exact test reads only the edges of the point's band (shapes.ts).
  const large = largeTerritories(96, 2_000, members.length);
  const largeIndex = new CoverageIndex(members, large);
  const largeMs = median([0, 1, 2].map(() => time(() => points.forEach((p) => largeIndex.coverageAt(p)))));
  let naiveLarge: Set<number>[] = [];
  const naiveLargeMs = time(() => (naiveLarge = points.map((p) => naiveCoverage(members, large, p))));
  assertSameAnswers(largeIndex, naiveLarge, points);
  report({ name: 'coverage 100k points, 96 territories of 2,000 vertices', value: largeMs, unit: 'ms', baseline: naiveLargeMs });

  const { communes, label } = communesToSample(rand);
  const analysisMs = median([0, 1, 2, 3, 4].map(() => time(() => analyseCoverage(index, communes))));
  const naiveCommunesMs = time(() => communes.forEach((c) => naiveCoverage(members, territories, c)));
  report({ name: `coverage analysis over ${label} (baseline: the naive loop over the same communes)`, value: analysisMs, unit: 'ms', baseline: naiveCommunesMs, goal: EDITING_GOAL_MS });

  const { rebuildMs, readMs } = rebuildFromDatabase(members, territories);
  report({ name: 'coverage index rebuild from SQLite (baseline: reading the same rows alone)', value: rebuildMs, unit: 'ms', baseline: readMs, goal: EDITING_GOAL_MS });
}

/** The members covering p, the naive way: the territory loop, then every member's radius by haversine. */
function naiveCoverage(members: CoverageMember[], territories: CoverageTerritory[], p: Point): Set<number> {
  const found = new Set(territoriesContaining(territories, p).map((t) => t.memberId));
  for (const m of members) {
    if (m.lat !== null && m.lon !== null && m.radiusKm > 0 && haversineKm(m as Point, p) <= m.radiusKm) found.add(m.id);
  }
  return found;
}

function assertSameAnswers(index: CoverageIndex, naive: Set<number>[], points: Point[]): void {
  points.forEach((p, i) => {
    const expected = [...naive[i]!].sort((a, b) => a - b).join(',');
    const indexed = index
      .coverageAt(p)
      .map((h) => h.memberId)
      .sort((a, b) => a - b)
      .join(',');
    if (expected !== indexed) throw new Error(`coverage index disagrees with the naive loop at ${p.lat}, ${p.lon}: ${indexed} vs ${expected}`);
  });
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

/** Writes the network to an in-memory database, then times the lazy rebuild (read + parse + index) and the read + parse alone. */
function rebuildFromDatabase(members: CoverageMember[], territories: CoverageTerritory[]): { rebuildMs: number; readMs: number } {
  const db = openDatabase(':memory:');
  writeNetwork(db, members, territories);
  const rebuildMs = median(
    [0, 1, 2].map(() => {
      db.exec('UPDATE network_version SET version = version + 1');
      return time(() => coverageIndexFor(db));
    }),
  );
  const readMs = median([0, 1, 2].map(() => time(() => loadCoverageNetwork(db))));
  db.close();
  return { rebuildMs, readMs };
}
