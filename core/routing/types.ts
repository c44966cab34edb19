/** What the pure routing function reads and what it decides. Plain data, no database. */
import type { Point } from '../geo/types';

export type Temperature = 'hot' | 'warm' | 'cold';

export interface RoutingLead {
  id: number;
  point: Point | null;
  /** The lead's product line, as the catalogue names it; null when the lead names none or the catalogue does not know its label. */
  product: string | null;
  /** The lead's product label as written when the catalogue does not know it (product is then null). */
  unknownProduct: string | null;
  temperature: Temperature | null;
  /** Members who declined this lead or let it expire: never offered it again. */
  excludedMemberIds: number[];
}

export interface MemberSnapshot {
  id: number;
  name: string;
  active: boolean;
  lat: number | null;
  lon: number | null;
  priorityCoefficient: number;
  capacityPerWeek: number;
  /** Leads assigned to the member since the start of the current week. */
  loadThisWeek: number;
  /** Won / closed leads over the recent past, null without history. */
  conversionRate: number | null;
  /** When the member last received a lead (epoch ms), null if never: used to break ties fairly. */
  lastAssignedAt: number | null;
  /** The member's product lines as the catalogue names them. */
  productLines: string[];
  /** Absences as inclusive local dates YYYY-MM-DD. */
  absences: { startsOn: string; endsOn: string }[];
}

/** One way a member covers a point, as the coverage index reports it. */
export interface CoverageHit {
  memberId: number;
  via: 'territory' | 'radius';
  territoryId?: number;
  territoryName?: string;
  distanceKm: number;
  /** The territory's priority override, or the member's coefficient. */
  coefficient: number;
}

export interface NetworkSnapshot {
  members: ReadonlyMap<number, MemberSnapshot>;
  /** Members whose territory or radius covers the point. */
  cover(point: Point): CoverageHit[];
  /** Date (YYYY-MM-DD, head office's time zone) of `now`, for absences. */
  today: string;
}

export type ExclusionReason = 'inactive' | 'absent' | 'already_declined' | 'product_mismatch' | 'over_capacity' | 'too_far';

export interface ScoreFactor {
  factor: 'priority' | 'distance' | 'load' | 'conversion';
  /** The factor's value between 0 and 1 before weighting. */
  value: number;
  weight: number;
  points: number;
}

export interface Candidate {
  memberId: number;
  memberName: string;
  via: CoverageHit['via'] | 'nearest';
  territoryName: string | null;
  distanceKm: number;
  coefficient: number;
  loadThisWeek: number;
  capacityPerWeek: number;
  excluded: ExclusionReason | null;
  score: number | null;
  factors: ScoreFactor[];
  /** 1 for the best eligible candidate; null when excluded. */
  rank: number | null;
}

export type Outcome =
  { kind: 'member'; memberId: number } | { kind: 'pool'; memberIds: number[] } | { kind: 'head_office'; reason: 'no_location' | 'white_zone' | 'no_eligible_member' | 'unknown_product' };

export interface Decision {
  outcome: Outcome;
  whiteZone: boolean;
  candidates: Candidate[];
  decidedAt: number;
  /**
   * The lead's product label when the catalogue does not know it and the product rule applies:
   * the lead was held at the head office for it, or routed ignoring the product (a setting).
   * Absent from decisions recorded before the catalogue existed.
   */
  unknownProduct?: string | null;
}
