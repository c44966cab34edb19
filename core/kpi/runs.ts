/**
 * Sorted runs of numbers: the response clocks as stored per day and month (each list sorted when
 * written, see clocks.ts), read as views of their blobs without copying value by value. Counts
 * under a limit are a bisection per run; a median is one selection over the runs laid end to
 * end (linear), where sorting a year of durations again took most of the response section.
 */
export type Runs = Float64Array[];

export function runsSize(runs: Runs): number {
  return runs.reduce((n, r) => n + r.length, 0);
}

/** How many values satisfy `below`, a condition true for a prefix of every run (e.g. v <= limit). */
export function countWhile(runs: Runs, below: (v: number) => boolean): number {
  let n = 0;
  for (const run of runs) {
    let lo = 0;
    let hi = run.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (below(run[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    n += lo;
  }
  return n;
}

/** The runs' values as one sorted run (for a stored list). */
export function mergeRuns(runs: Runs): Float64Array {
  return concat(runs).sort();
}

function concat(runs: Runs): Float64Array {
  const out = new Float64Array(runsSize(runs));
  let at = 0;
  for (const run of runs) {
    out.set(run, at);
    at += run.length;
  }
  return out;
}

/** Lists of float64 as one blob: their lengths, then their values (one blob per stored row: each blob read is an allocation). */
export function packLists(lists: Float64Array[]): Buffer {
  const out = new Float64Array(lists.length + runsSize(lists));
  let at = 0;
  for (const list of lists) out[at++] = list.length;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return Buffer.from(out.buffer);
}

/**
 * The `count` lists of a packLists blob, as views of its memory when it starts at a multiple of 8
 * bytes (a Float64Array must; a blob read from the database mostly has a buffer of its own), else
 * of an aligned copy: a year's response reads thousands of them.
 */
export function unpackLists(blob: Buffer, count: number): Float64Array[] {
  const values = blob.byteOffset % 8 === 0 ? new Float64Array(blob.buffer, blob.byteOffset, blob.length / 8) : new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length));
  const out: Float64Array[] = [];
  let at = count;
  for (let i = 0; i < count; i++) {
    out.push(values.subarray(at, at + values[i]!));
    at += values[i]!;
  }
  return out;
}

/** Moves the k-th smallest value (from 0) of `a` to a[k], the smaller ones before it (Hoare's selection). */
function select(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The median of the values divided by `unit`, as business.ts's median of the divided values
 * gives it (the mean of the two middle ones for an even count); null when there are none.
 */
export function medianOfRuns(runs: Runs, unit: number): number | null {
  const values = runs.length === 1 ? runs[0]!.slice() : concat(runs);
  const n = values.length;
  if (n === 0) return null;
  const mid = n >> 1;
  select(values, mid);
  if (n % 2) return values[mid]! / unit;
  // The middle value's lower neighbour is the largest of the values selection left before it.
  let below = -Infinity;
  for (let i = 0; i < mid; i++) if (values[i]! > below) below = values[i]!;
  return (below / unit + values[mid]! / unit) / 2;
}
