/**
 * Coverage analysis on the communes as a sample grid: each commune's point is asked "who covers
 * you?". Communes covered twice or more make the overlap zones (grouped by the set of members
 * involved), communes nobody covers make the white zones (grouped by département), and the
 * summary gives the share of communes and of population covered. One pass, no geometry
 * operations, so it can refresh while the animator edits (~35k communes in well under 300 ms).
 */
import { DEPARTEMENTS } from '../geo/departements';
import type { Commune } from '../geo/types';
import type { CoverageIndex } from './index';
import { membersCoveringEach } from './batch';

const NOBODY: number[] = [];

export interface CommuneRef {
  insee: string;
  name: string;
  departement: string;
  population: number;
  /** The commune's point, so the map can show white zones and overlaps. */
  lat: number;
  lon: number;
}

export interface OverlapZone {
  memberIds: number[];
  memberNames: string[];
  communeCount: number;
  population: number;
  /** The most populated communes of the zone, at most `communeLimit`. */
  communes: CommuneRef[];
}

export interface WhiteZone {
  departement: string;
  departementName: string;
  communeCount: number;
  population: number;
  communes: CommuneRef[];
}

export interface MemberReach {
  memberId: number;
  memberName: string;
  communeCount: number;
  population: number;
  /** Communes only this member covers. */
  exclusiveCommunes: number;
}

export interface CoverageSummary {
  communes: number;
  coveredCommunes: number;
  communesPct: number;
  population: number;
  coveredPopulation: number;
  populationPct: number;
  overlapCommunes: number;
  whiteCommunes: number;
  whitePopulation: number;
}

export interface CoverageAnalysis {
  summary: CoverageSummary;
  overlaps: OverlapZone[];
  whiteZones: WhiteZone[];
  byMember: MemberReach[];
}

interface Group {
  key: string;
  /** Positions in the index's members: who overlaps (empty for white zones). */
  members: number[];
  communeCount: number;
  population: number;
  communes: Commune[];
}

export function analyseCoverage(index: CoverageIndex, communes: readonly Commune[], communeLimit = 50): CoverageAnalysis {
  const tally = new Tally(index.members.length);
  const covering = membersCoveringEach(index, communes);
  for (let i = 0; i < communes.length; i++) tally.add(communes[i]!, covering[i] ?? NOBODY);
  return tally.report(index, communeLimit);
}

/** Counts as the communes go by; typed arrays per member because this runs ~35,000 times per refresh. */
class Tally {
  readonly overlaps = new Map<string, Group>();
  readonly white = new Map<string, Group>();
  readonly memberCommunes: Int32Array;
  readonly memberExclusive: Int32Array;
  readonly memberPopulation: Float64Array;
  communes = 0;
  population = 0;
  covered = 0;
  coveredPopulation = 0;

  constructor(memberCount: number) {
    this.memberCommunes = new Int32Array(memberCount);
    this.memberExclusive = new Int32Array(memberCount);
    this.memberPopulation = new Float64Array(memberCount);
  }

  add(commune: Commune, members: number[]): void {
    const population = commune.population;
    this.communes++;
    this.population += population;
    for (const m of members) {
      this.memberCommunes[m]!++;
      this.memberPopulation[m]! += population;
    }
    if (members.length === 0) return addTo(this.white, commune.departement, commune, members);
    this.covered++;
    this.coveredPopulation += population;
    if (members.length === 1) this.memberExclusive[members[0]!]!++;
    else addTo(this.overlaps, members.join(','), commune, members);
  }

  report(index: CoverageIndex, communeLimit: number): CoverageAnalysis {
    const overlaps = [...this.overlaps.values()];
    return {
      summary: {
        communes: this.communes,
        coveredCommunes: this.covered,
        communesPct: pct(this.covered, this.communes),
        population: this.population,
        coveredPopulation: this.coveredPopulation,
        populationPct: pct(this.coveredPopulation, this.population),
        overlapCommunes: overlaps.reduce((sum, g) => sum + g.communeCount, 0),
        whiteCommunes: this.communes - this.covered,
        whitePopulation: this.population - this.coveredPopulation,
      },
      overlaps: overlaps.map((g) => overlapZone(index, g, communeLimit)).sort(byPopulation),
      whiteZones: [...this.white.values()].map((g) => whiteZone(g, communeLimit)).sort(byPopulation),
      byMember: index.members.map((m, i) => ({
        memberId: m.id,
        memberName: m.name,
        communeCount: this.memberCommunes[i]!,
        population: this.memberPopulation[i]!,
        exclusiveCommunes: this.memberExclusive[i]!,
      })),
    };
  }
}

function whiteZone(g: Group, limit: number): WhiteZone {
  return { departement: g.key, departementName: DEPARTEMENTS[g.key] ?? g.key, ...totals(g, limit) };
}

function addTo(groups: Map<string, Group>, key: string, commune: Commune, members: number[]): void {
  let group = groups.get(key);
  if (!group) {
    group = { key, members: [...members], communeCount: 0, population: 0, communes: [] };
    groups.set(key, group);
  }
  group.communeCount++;
  group.population += commune.population;
  group.communes.push(commune);
}

function overlapZone(index: CoverageIndex, g: Group, limit: number): OverlapZone {
  const members = g.members.map((m) => index.members[m]!);
  return { memberIds: members.map((m) => m.id), memberNames: members.map((m) => m.name), ...totals(g, limit) };
}

function totals(g: Group, limit: number) {
  // The group's list is ours alone, so it is sorted in place; most groups are a few communes.
  const top = limit === 0 ? [] : g.communes.sort(byCommunePopulation).slice(0, limit);
  return {
    communeCount: g.communeCount,
    population: g.population,
    communes: top.map((c) => ({ insee: c.insee, name: c.name, departement: c.departement, population: c.population, lat: c.lat, lon: c.lon })),
  };
}

function byCommunePopulation(a: Commune, b: Commune): number {
  return b.population - a.population;
}

const byPopulation = (a: { population: number; communeCount: number }, b: { population: number; communeCount: number }) => b.population - a.population || b.communeCount - a.communeCount;

function pct(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}
