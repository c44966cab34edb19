/**
 * How each demo member answers the leads it is sent, so the demo's figures differ from one
 * member to the next as a real network's do: most answer well within the time allowed, a few
 * are slow (late acceptances, leads taken back by the re-assignment job), one often declines,
 * and their knack for closing a sale varies. Deterministic: read from the member's code.
 */

export type Reliability = 'fast' | 'steady' | 'slow' | 'declines';

export interface Habits {
  reliability: Reliability;
  /** Share of leads the member never answers (the job re-assigns them). */
  silent: number;
  /** Share of answered leads declined. */
  declines: number;
  /** Time to answer, as shares of the SLA's time to accept: [share, up to] intervals with their weights. */
  answer: readonly (readonly [weight: number, from: number, to: number])[];
  /** Time to first contact after accepting, as shares of the SLA's time to contact. */
  contact: readonly [from: number, to: number];
  /** Chance that a quoted lead ends in a sale, before the temperature's effect. */
  wins: number;
}

const PROFILES: Record<Reliability, Omit<Habits, 'reliability' | 'wins'>> = {
  fast: { silent: 0.01, declines: 0.04, answer: [[1, 0.03, 0.5]], contact: [0.05, 0.5] },
  steady: {
    silent: 0.03,
    declines: 0.07,
    answer: [
      [0.88, 0.1, 1],
      [0.12, 1, 1.45],
    ],
    contact: [0.1, 1.2],
  },
  slow: {
    silent: 0.1,
    declines: 0.06,
    answer: [
      [0.5, 0.3, 1],
      [0.35, 1, 1.45],
      [0.15, 1.6, 2.6],
    ],
    contact: [0.4, 2.2],
  },
  declines: {
    silent: 0.04,
    declines: 0.45,
    answer: [
      [0.9, 0.1, 1],
      [0.1, 1, 1.4],
    ],
    contact: [0.2, 1.2],
  },
};

/** R001 -> 1; the demo network numbers its members from 1. */
function numberOf(code: string): number {
  return Number(/\d+/.exec(code)?.[0] ?? 0);
}

export function habitsOf(code: string): Habits {
  const n = numberOf(code);
  const reliability: Reliability = n === 8 ? 'declines' : n % 5 === 3 ? 'slow' : n % 5 === 0 || n % 5 === 1 ? 'fast' : 'steady';
  return { reliability, ...PROFILES[reliability], wins: 0.25 + 0.3 * (((n * 37) % 11) / 10) };
}

/** One draw from weighted intervals. */
export function drawShare(r: () => number, intervals: Habits['answer']): number {
  let x = r();
  for (const [weight, from, to] of intervals) {
    if (x < weight) return from + (to - from) * (x / weight);
    x -= weight;
  }
  const [, from, to] = intervals[intervals.length - 1]!;
  return from + (to - from) * r();
}
