import { describe, expect, it } from 'vitest';
import { generator } from '../demo/leads';
import { median } from './business';
import { countWhile, medianOfRuns, mergeRuns, type Runs } from './runs';

/** Sorted runs of random durations, with repeats and empty runs, and the same values as one list. */
function randomRuns(seed: number, count: number): { runs: Runs; all: number[] } {
  const r = generator(seed);
  const runs: Runs = [];
  const all: number[] = [];
  for (let i = 0; i < count; i++) {
    const values = Array.from({ length: Math.floor(r() * 40) }, () => (r() < 0.2 ? 3_600_000 : Math.round(r() * 90_000_000)));
    all.push(...values);
    runs.push(Float64Array.from(values).sort());
  }
  return { runs, all };
}

describe('sorted runs', () => {
  it('give the median of their values as a sort of all of them does, odd or even, with repeats', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { runs, all } = randomRuns(seed, 1 + (seed % 7));
      expect(medianOfRuns(runs, 3_600_000)).toBe(median(all.map((v) => v / 3_600_000)));
    }
    expect(medianOfRuns([], 1)).toBeNull();
    expect(medianOfRuns([new Float64Array([4, 9])], 1)).toBe(6.5);
  });

  it('count the values under a limit by bisection, and merge into one sorted run', () => {
    const { runs, all } = randomRuns(7, 12);
    for (const limit of [0, 3_600_000, 45_000_000, Infinity]) expect(countWhile(runs, (v) => v <= limit)).toBe(all.filter((v) => v <= limit).length);
    expect([...mergeRuns(runs)]).toEqual([...all].sort((a, b) => a - b));
  });

  it('leave the stored runs as they were', () => {
    const run = new Float64Array([1, 2, 3, 4, 5]);
    medianOfRuns([run], 1);
    expect([...run]).toEqual([1, 2, 3, 4, 5]);
  });
});
