/**
 * The leads of a Paris day as columns (migration 0021), for the filtered dashboard: per lead,
 * the index of its source, channel, campaign, product, temperature, member and département in
 * the day's dictionary, its measures as bits (the same conditions as totals.ts's MEASURES) and,
 * apart, its response clocks (clocks.ts's addLead). A filtered section reads the whole days of
 * its period from here and only the partial days at the ends from lead_facts: any filter or
 * combination of filters is one pass over typed arrays, where totals stored per filter value
 * and pair of values would multiply the rows by every grouping. rollup.ts rebuilds a day's row
 * with its other totals.
 */
import { prepared, type Db } from '../db/connection';
import type { SlaSettings } from '../../common/sla';
import type { BusinessClock } from './business';
import { addLead, emptyClocks, type ClockRuns, DURATION_LISTS, VERDICTS } from './clocks';
import type { Period } from './period';
import { activeFilters, type Filters, type Scope } from './scope';
import { MEASURE_NAMES, type Dimension } from './totals';

/** The dimensions a day's leads are indexed by, in their dictionary's order. */
const KEYED = ['source', 'channel', 'campaign', 'product', 'temperature', 'member', 'departement'] as const satisfies Dimension[];
export type Keyed = (typeof KEYED)[number];
type Dictionary = Record<Keyed, string[]>;

/** The measures a bit each, in MEASURE_NAMES order but for the two sums (revenueCents, whiteZone), kept as values where not zero. */
const FLAGGED = ['received', 'qualified', 'dispatched', 'accepted', 'contacted', 'quoted', 'won', 'treated', 'untreated'] as const;
const UNTREATED = new Set(['new', 'qualified', 'dispatched', 'accepted', 'declined']);

type FactRow = [
  source: string,
  channel: string,
  campaign: string,
  product: string,
  temperature: string | null,
  owner: number | null,
  departement: string | null,
  status: string,
  qualifiedAt: number | null,
  dispatchedAt: number | null,
  acceptStartedAt: number | null,
  acceptedAt: number | null,
  contactedAt: number | null,
  quotedAt: number | null,
  wonAt: number | null,
  wonCents: number | null,
  lostAt: number | null,
  whiteZone: number,
];

const FACT_COLUMNS = `source, channel, campaign, product, temperature, owner_member_id, departement, status, qualified_at, dispatched_at, accept_started_at, accepted_at, contacted_at, quoted_at, won_at, won_cents, lost_at, white_zone`;

/** The measure bits of a lead, as totals.ts's MEASURES count them (a step counts when it or a later one happened). */
function measureBits(r: FactRow): number {
  const [, , , , , , , status, qualified, dispatched, , accepted, contacted, quoted, won, , lost] = r;
  const any = (...v: (number | null)[]) => v.some((x) => x !== null);
  const bits = [
    true,
    any(qualified, dispatched, accepted, contacted, quoted, won, lost),
    any(dispatched, accepted, contacted, quoted, won, lost),
    any(accepted, contacted, quoted, won, lost),
    any(contacted, quoted, won),
    any(quoted, won),
    won !== null,
    any(contacted, quoted, won, lost),
    UNTREATED.has(status),
  ];
  return bits.reduce((acc, on, i) => acc | (on ? 1 << i : 0), 0);
}

/** Typed arrays in one buffer: their byte lengths, then each padded to 8 bytes (so every view is aligned). */
function pack(arrays: ArrayBufferView[]): Buffer {
  const padded = (n: number) => Math.ceil(n / 8) * 8;
  const head = new Float64Array([arrays.length, ...arrays.map((a) => a.byteLength)]);
  const out = Buffer.alloc(head.byteLength + arrays.reduce((s, a) => s + padded(a.byteLength), 0));
  let at = 0;
  for (const a of [head, ...arrays]) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += padded(a.byteLength);
  }
  return out;
}

/**
 * The parts of a packed buffer as byte ranges of an aligned buffer: the blob's own memory when it
 * starts at a multiple of 8 bytes (most do: a year's section reads tens of megabytes of them),
 * else a copy.
 */
function unpack(blob: Buffer): { buffer: ArrayBuffer; parts: [offset: number, length: number][] } {
  const aligned = blob.byteOffset % 8 === 0;
  const buffer = (aligned ? blob.buffer : blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length)) as ArrayBuffer;
  const base = aligned ? blob.byteOffset : 0;
  const head = new Float64Array(buffer, base, 1 + new Float64Array(buffer, base, 1)[0]!);
  const parts: [number, number][] = [];
  let at = base + head.byteLength;
  for (let i = 1; i < head.length; i++) {
    parts.push([at, head[i]!]);
    at += Math.ceil(head[i]! / 8) * 8;
  }
  return { buffer, parts };
}

type IndexArray = Uint8Array | Uint16Array | Uint32Array;

/** One byte per index when the dictionary allows it (most days), two or four otherwise (a day of an import with a campaign per row). */
function indexArray(size: number, n: number): IndexArray {
  return size <= 0x100 ? new Uint8Array(n) : size <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
}

/** Rewrites the day's row from its facts (none left: no row). */
export function rebuildDayLeads(db: Db, day: Period, clock: BusinessClock, sla: SlaSettings): void {
  prepared(db, 'DELETE FROM kpi_day_leads WHERE start = ?').run(day.from);
  const rows = prepared(db, `SELECT ${FACT_COLUMNS} FROM lead_facts WHERE received_at >= ? AND received_at < ? ORDER BY received_at, lead_id`).raw().all(day.from, day.to) as FactRow[];
  if (rows.length === 0) return;
  const n = rows.length;
  const dict = Object.fromEntries(KEYED.map((k) => [k, [] as string[]])) as Dictionary;
  const keyOf = (r: FactRow, k: Keyed): string => {
    const i = KEYED.indexOf(k);
    const v = r[i];
    return v === null ? '' : String(v);
  };
  const positions = KEYED.map(() => new Map<string, number>());
  const indexes = KEYED.map((k, d) =>
    rows.map((r) => {
      const key = keyOf(r, k);
      let at = positions[d]!.get(key);
      if (at === undefined) positions[d]!.set(key, (at = dict[k].push(key) - 1));
      return at;
    }),
  );
  const columns = KEYED.map((k, d) => {
    const a = indexArray(dict[k].length, n);
    a.set(indexes[d]!);
    return a;
  });
  const bits = Uint16Array.from(rows, measureBits);
  // The two sums only where a lead has one (most have none): a value per lead would double the bytes a year's read copies.
  const sparse = (at: number) => {
    const held = rows.flatMap((r, i) => (r[at] === null || r[at] === 0 ? [] : [i]));
    return [Uint32Array.from(held), Float64Array.from(held, (i) => rows[i]![at] as number)];
  };
  const leads = pack([...columns, bits, ...sparse(15), ...sparse(17)]);

  // Clocks: per list, the indexes of the leads it holds and their values; the verdicts as bits.
  const lists = DURATION_LISTS.map(() => ({ at: [] as number[], values: [] as number[] }));
  const verdicts = new Uint8Array(n);
  rows.forEach((r, i) => {
    if (r[9] === null) return;
    const c = emptyClocks();
    addLead(c, [keyOf(r, 'departement'), r[4], r[5], r[9], r[10], r[11], r[12], r[13]], clock, sla);
    DURATION_LISTS.forEach((name, l) => {
      for (const v of c[name]) {
        lists[l]!.at.push(i);
        lists[l]!.values.push(v);
      }
    });
    verdicts[i] = VERDICTS.reduce((acc, v, b) => acc | (c[v] ? 1 << b : 0), 0);
  });
  const clocks = pack([verdicts, ...lists.flatMap((l) => [Uint32Array.from(l.at), Float64Array.from(l.values)])]);
  // One JSON list per line: a read parses only the dimensions it filters or groups by. The members'
  // list, the long one, as numbers (null: none): a year's conversion parsed 146,000 strings of it.
  const dictText = KEYED.map((k) => JSON.stringify(k === 'member' ? dict.member.map((id) => (id === '' ? null : Number(id))) : dict[k])).join('\n');
  prepared(db, 'INSERT INTO kpi_day_leads (start, dict, leads, clocks) VALUES (?, ?, ?, ?)').run(day.from, dictText, leads, clocks);
}

/** Values some of a day's leads have: their indexes, in order, and the values. */
interface Sparse {
  at: Uint32Array;
  values: Float64Array;
}

/** A day's leads that pass the scope's filters: `match[i]` is 1 for each. */
export interface DayLeads {
  start: number;
  dict: (dim: Keyed) => string[];
  match: Uint8Array;
  columns: Record<Keyed, IndexArray>;
  bits: Uint16Array;
  /** The leads with revenue, with a white zone: their indexes and values. */
  revenue: Sparse;
  white: Sparse;
  clocks: Buffer | null;
}

/** A day's dictionary, each dimension's list parsed when first asked. */
function lazyDictionary(text: string): (dim: Keyed) => string[] {
  const lines = text.split('\n');
  const parsed: Partial<Dictionary> = {};
  const parse = (dim: Keyed): string[] => {
    // A members' list written before it held numbers holds their text, read as it is.
    const list = JSON.parse(lines[KEYED.indexOf(dim)]!) as (string | number | null)[];
    return dim === 'member' ? list.map((id) => (id === null ? '' : String(id))) : (list as string[]);
  };
  return (dim) => (parsed[dim] ??= parse(dim));
}

/** What a scope has read of the stored days, per period: its sections (totals, clocks) read the same days again. */
const readByScope = new WeakMap<Scope, Map<string, { withClocks: boolean; days: DayLeads[] }>>();

/**
 * The stored days starting in `days` (whole Paris days), with their leads that pass the filters;
 * read once per scope and period (a read with the clocks serves one without), as the
 * choropleth's clocks and totals, or a dashboard's sections, read the same year of days.
 */
function readDays(scope: Scope, days: Period, withClocks: boolean): DayLeads[] {
  let reads = readByScope.get(scope);
  if (!reads) readByScope.set(scope, (reads = new Map()));
  const key = `${days.from}:${days.to}`;
  const cached = reads.get(key);
  if (cached && (cached.withClocks || !withClocks)) return cached.days;
  const read = readStoredDays(scope.db, days, withClocks, scope.filters);
  reads.set(key, { withClocks, days: read });
  return read;
}

/** The stored days starting in `days`, each with its leads that pass `filters` (none: all of them). */
export function readStoredDays(db: Db, days: Period, withClocks: boolean, filters: Filters): DayLeads[] {
  const sql = `SELECT start, dict, leads${withClocks ? ', clocks' : ''} FROM kpi_day_leads WHERE start >= ? AND start < ? ORDER BY start`;
  const out: DayLeads[] = [];
  for (const [start, dictText, leads, clocks] of prepared(db, sql).raw().all(days.from, days.to) as [number, string, Buffer, Buffer?][]) {
    const dict = lazyDictionary(dictText);
    // Each filter as a table of the day's dictionary indexes it accepts; none: no lead of the day passes.
    const tests = activeFilters(filters).map(({ dim, keys }) => {
      const ok = new Uint8Array(dict(dim).length);
      for (const key of keys) {
        const i = dict(dim).indexOf(String(key));
        if (i >= 0) ok[i] = 1;
      }
      return { dim, ok };
    });
    if (tests.some((t) => !t.ok.includes(1))) continue;
    const { buffer, parts } = unpack(leads);
    const view = <T>(i: number, Type: { new (b: ArrayBuffer, o: number, l: number): T; BYTES_PER_ELEMENT: number }) => new Type(buffer, parts[i]![0], parts[i]![1] / Type.BYTES_PER_ELEMENT);
    const bits = view(KEYED.length, Uint16Array);
    // A column of one, two or four bytes per lead (see indexArray).
    const column = (d: number): IndexArray => {
      const bytes = parts[d]![1] / bits.length;
      return bytes === 1 ? view(d, Uint8Array) : bytes === 2 ? view(d, Uint16Array) : view(d, Uint32Array);
    };
    const columns = Object.fromEntries(KEYED.map((k, d) => [k, column(d)])) as DayLeads['columns'];
    // The first filter sets each lead's flag, the others clear it: one pass per filter.
    const match = new Uint8Array(bits.length);
    if (tests.length === 0) match.fill(1);
    tests.forEach(({ dim, ok }, t) => {
      const column = columns[dim];
      if (t === 0) for (let i = 0; i < match.length; i++) match[i] = ok[column[i]!]!;
      else for (let i = 0; i < match.length; i++) match[i]! &= ok[column[i]!]!;
    });
    out.push({
      start,
      dict,
      match,
      columns,
      bits,
      revenue: { at: view(KEYED.length + 1, Uint32Array), values: view(KEYED.length + 2, Float64Array) },
      white: { at: view(KEYED.length + 3, Uint32Array), values: view(KEYED.length + 4, Float64Array) },
      clocks: clocks ?? null,
    });
  }
  return out;
}

/** How many combinations of measure bits a lead can have. */
const PATTERNS = 1 << FLAGGED.length;

/**
 * A grouping's sums over many days: a slot of measures per key, grown as keys appear, and per
 * slot how many leads had each combination of measure bits (one count per lead rather than one
 * per measure: the bits become measures once, at the end). Without `patterns` (a crossing's
 * thousands of slots, a few leads each), each lead adds its bits to the measures directly.
 */
class Sums {
  /** The slot of each key, per value of the crossing dimension ('' without one). */
  private readonly slots = new Map<string, Map<string, number>>();
  /** Each slot's key and value of the crossing dimension. */
  readonly keys: [key: string, by: string][] = [];
  values: Float64Array;
  patterns: Uint32Array;
  constructor(
    readonly width: number,
    withPatterns: boolean,
  ) {
    this.values = new Float64Array(16 * width);
    this.patterns = new Uint32Array(withPatterns ? 16 * PATTERNS : 0);
  }
  slot(key: string, by: string): number {
    let slots = this.slots.get(by);
    if (!slots) this.slots.set(by, (slots = new Map()));
    let slot = slots.get(key);
    if (slot === undefined) {
      slots.set(key, (slot = this.keys.push([key, by]) - 1));
      if ((slot + 1) * this.width > this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
        const patterns = new Uint32Array(this.patterns.length * 2);
        patterns.set(this.patterns);
        this.patterns = patterns;
      }
    }
    return slot;
  }
  /** The measures of a slot, its bit counts added in. */
  measures(slot: number, flagAt: number[]): Float64Array {
    const values = this.values.subarray(slot * this.width, (slot + 1) * this.width);
    for (let b = 0; b < PATTERNS && this.patterns.length; b++) {
      const n = this.patterns[slot * PATTERNS + b]!;
      if (n) for (let m = 0; m < flagAt.length; m++) if (b & (1 << m)) values[flagAt[m]!]! += n;
    }
    return values;
  }
}

/**
 * Adds the filtered leads of whole days to totals grouped by each dimension, through `add`
 * (totals.ts's, with the measures in MEASURE_NAMES order, once per key).
 */
export function addDayTotals<D extends Dimension>(scope: Scope, dims: readonly D[], days: Period, add: (dim: D, key: string, values: Float64Array) => void): void {
  sumDays(readDays(scope, days, false), dims, add);
}

/**
 * The key of a group of leads by the values of one or more dimensions: the value itself for one,
 * the values as a JSON list for several; '' when any is none (no filter asks for those leads).
 */
export function groupKey(values: readonly string[]): string {
  return values.length === 1 ? values[0]! : values.includes('') ? '' : JSON.stringify(values);
}

/** A day's leads grouped by the values of `by` together: each lead's group (null: one group, key '') and each group's key (groupKey). */
function groupsOf(day: DayLeads, by: readonly Keyed[] | undefined): { column: ArrayLike<number> | null; keys: string[] } {
  if (!by?.length) return { column: null, keys: [''] };
  if (by.length === 1) return { column: day.columns[by[0]!], keys: day.dict(by[0]!) };
  // Several: one number per combination of their indexes, the first dimension's varying slowest.
  let keys: string[][] = [[]];
  const column = new Uint32Array(day.bits.length);
  for (const dim of by) {
    const values = day.dict(dim);
    const of = day.columns[dim];
    keys = keys.flatMap((k) => values.map((v) => [...k, v]));
    for (let i = 0; i < column.length; i++) column[i] = column[i]! * values.length + of[i]!;
  }
  return { column, keys: keys.map(groupKey) };
}

/**
 * The same over days already read, of their leads whose `match` is set; with `by`, per group of
 * the values of those dimensions too (its groupKey the last argument of `add`, else ''): one pass for all.
 */
export function sumDays<D extends Dimension>(read: DayLeads[], dims: readonly D[], add: (dim: D, key: string, values: Float64Array, byKey: string) => void, by?: readonly Keyed[]): void {
  const width = MEASURE_NAMES.length;
  const flagAt = FLAGGED.map((m) => MEASURE_NAMES.indexOf(m));
  const revenueAt = MEASURE_NAMES.indexOf('revenueCents');
  const whiteAt = MEASURE_NAMES.indexOf('whiteZone');
  const groups = dims.map((dim) => ({ dim, sums: new Sums(width, !by) }));
  for (const day of read) {
    const { match, bits, white, revenue } = day;
    const matched: number[] = [];
    for (let i = 0; i < match.length; i++) if (match[i]) matched.push(i);
    if (matched.length === 0) continue;
    const { column: byColumn, keys: byKeys } = groupsOf(day, by);
    for (const { dim, sums } of groups) {
      const column = dim === 'all' ? null : day.columns[dim as Keyed];
      const keys = column ? day.dict(dim as Keyed) : [''];
      // Each of the day's keys (and values of `by`) to its slot, found once per day.
      const slots = new Int32Array(keys.length * byKeys.length).fill(-1);
      const slotOf = (i: number) => {
        const b = byColumn ? byColumn[i]! : 0;
        const k = b * keys.length + (column ? column[i]! : 0);
        return slots[k]! >= 0 ? slots[k]! : (slots[k] = sums.slot(keys[k - b * keys.length]!, byKeys[b]!));
      };
      for (const i of matched) {
        const slot = slotOf(i);
        if (by) for (let m = 0; m < flagAt.length; m++) sums.values[slot * width + flagAt[m]!]! += (bits[i]! >> m) & 1;
        else sums.patterns[slot * PATTERNS + bits[i]!]! += 1;
      }
      for (const [{ at, values }, m] of [
        [revenue, revenueAt],
        [white, whiteAt],
      ] as const)
        for (let r = 0; r < at.length; r++) if (match[at[r]!]) sums.values[slotOf(at[r]!) * width + m]! += values[r]!;
    }
  }
  for (const { dim, sums } of groups) sums.keys.forEach(([key, byKey], slot) => add(dim, key, sums.measures(slot, flagAt), byKey));
}

/** The filtered leads received per whole day of `days`, keyed by the day's first instant. */
export function dayCounts(scope: Scope, days: Period, out: Map<number, number>): void {
  for (const day of readDays(scope, days, false)) {
    let n = 0;
    for (let i = 0; i < day.match.length; i++) n += day.match[i]!;
    if (n) out.set(day.start, n);
  }
}

/**
 * Adds the filtered leads' clocks of whole days to each département's (through `into`): a sorted
 * run per list and département. Two passes over the days: the first counts each list's values per
 * département, the second fills typed arrays of those sizes (no growing lists, no copy).
 */
export function addDayClocks(scope: Scope, days: Period, into: (dep: string) => ClockRuns): void {
  clocksOfDays(readDays(scope, days, true), into);
}

/**
 * The same over days already read with their clocks, of their leads whose `match` is set; with
 * `by`, per group of the values of those dimensions too (its groupKey the second argument of
 * `into`, else ''): one pass for all.
 */
export function clocksOfDays(read: DayLeads[], into: (dep: string, byKey: string) => ClockRuns, by?: readonly Keyed[]): void {
  const lists = DURATION_LISTS.length;
  // Every département (and value of `by`) seen, by a number of its own; each day's matched leads to their number (-1: not matched).
  const numbers = new Map<string, Map<string, number>>();
  const named: [dep: string, byKey: string][] = [];
  const groups = read.map((day) => {
    const deps = day.dict('departement');
    const dep = day.columns.departement;
    const { column: byColumn, keys: byKeys } = groupsOf(day, by);
    const table = new Int32Array(deps.length * byKeys.length).fill(-1);
    const group = new Int32Array(day.match.length).fill(-1);
    for (let i = 0; i < group.length; i++) {
      if (!day.match[i]) continue;
      const b = byColumn ? byColumn[i]! : 0;
      const k = b * deps.length + dep[i]!;
      if (table[k]! < 0) {
        let ofKey = numbers.get(byKeys[b]!);
        if (!ofKey) numbers.set(byKeys[b]!, (ofKey = new Map()));
        let n = ofKey.get(deps[dep[i]!]!);
        if (n === undefined) ofKey.set(deps[dep[i]!]!, (n = named.push([deps[dep[i]!]!, byKeys[b]!]) - 1));
        table[k] = n;
      }
      group[i] = table[k]!;
    }
    return group;
  });
  const parts = read.map((day) => unpack(day.clocks!));
  const listOf = (d: number, l: number) => {
    const { buffer, parts: p } = parts[d]!;
    return { at: new Uint32Array(buffer, p[1 + 2 * l]![0], p[1 + 2 * l]![1] / 4), values: new Float64Array(buffer, p[2 + 2 * l]![0], p[2 + 2 * l]![1] / 8) };
  };
  const verdicts = new Float64Array(named.length * VERDICTS.length);
  const sizes = new Int32Array(named.length * lists);
  read.forEach((day, d) => {
    const { buffer, parts: p } = parts[d]!;
    const group = groups[d]!;
    const bits = new Uint8Array(buffer, p[0]![0], p[0]![1]);
    for (let i = 0; i < bits.length; i++) {
      const v = bits[i]!;
      if (group[i]! < 0 || !v) continue;
      const at = group[i]! * VERDICTS.length;
      for (let b = 0; b < VERDICTS.length; b++) verdicts[at + b]! += (v >> b) & 1;
    }
    for (let l = 0; l < lists; l++) {
      const { at } = listOf(d, l);
      for (let e = 0; e < at.length; e++) if (group[at[e]!]! >= 0) sizes[group[at[e]!]! * lists + l]!++;
    }
  });
  const runs = Array.from(sizes, (n) => new Float64Array(n));
  const filled = new Int32Array(sizes.length);
  read.forEach((_, d) => {
    const group = groups[d]!;
    for (let l = 0; l < lists; l++) {
      const { at, values } = listOf(d, l);
      for (let e = 0; e < at.length; e++) {
        const g = group[at[e]!]!;
        if (g < 0) continue;
        const slot = g * lists + l;
        runs[slot]![filled[slot]!++] = values[e]!;
      }
    }
  });
  named.forEach(([dep, byKey], n) => {
    const none = (of: Int32Array | Float64Array, width: number) => of.subarray(n * width, (n + 1) * width).every((x) => x === 0);
    if (none(sizes, lists) && none(verdicts, VERDICTS.length)) return;
    const c = into(dep, byKey);
    DURATION_LISTS.forEach((name, l) => {
      const run = runs[n * lists + l]!;
      if (run.length) c[name].push(run.sort());
    });
    VERDICTS.forEach((v, b) => (c[v] += verdicts[n * VERDICTS.length + b]!));
  });
}
