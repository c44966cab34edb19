/** Bench figures: each one is compared with a baseline measured in the same run (machines are shared and noisy). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** How many times better than the baseline (>1 is better), whatever the unit's direction. */
  ratio: number;
}

export type Report = (name: string, value: number, unit: string, baseline: number, ratio: number) => void;

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
