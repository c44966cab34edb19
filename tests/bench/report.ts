/**
 * Bench figures: each one is compared with a baseline measured in the same run (machines are
 * shared and noisy): the rival a competent developer would write first, or the same query on
 * the path without the optimisation. A target the project set for a figure is its `goal`,
 * never its baseline.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** How many times better than the baseline (>1 is better), whatever the unit's direction. */
  ratio: number;
  /** The target: at most this for times, at least this for rates. */
  goal?: number;
}

export type Report = (figure: Omit<Figure, 'ratio'>) => void;

/** Times and memory are better low, rates (rows/s) high. */
export function lowerIsBetter(unit: string): boolean {
  return unit === 'ms' || unit === 'µs' || unit === 'MB';
}

export function withRatio(f: Omit<Figure, 'ratio'>): Figure {
  return { ...f, ratio: lowerIsBetter(f.unit) ? f.baseline / f.value : f.value / f.baseline };
}

export function goalMet(f: Figure): boolean | null {
  if (f.goal === undefined) return null;
  return lowerIsBetter(f.unit) ? f.value <= f.goal : f.value >= f.goal;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds taken by fn. */
export function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}
