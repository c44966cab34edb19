import { describe, expect, it } from 'vitest';
import { JobRegistry } from './registry';

describe('background jobs', () => {
  it('forgets the oldest finished jobs past the limit and never a running one', () => {
    const jobs = new JobRegistry<{ running: boolean; n: number }>((j) => j.running, 2);
    const running = jobs.add({ running: true, n: 0 });
    const first = jobs.add({ running: false, n: 1 });
    const second = jobs.add({ running: false, n: 2 });
    const third = jobs.add({ running: false, n: 3 });
    expect(jobs.get(first)).toBeUndefined();
    expect(jobs.get(second)?.n).toBe(2);
    expect(jobs.get(third)?.n).toBe(3);
    jobs.add({ running: false, n: 4 });
    expect(jobs.get(second)).toBeUndefined();
    expect(jobs.get(running)?.n).toBe(0);
  });

  it('replaces a known job and ignores an id it never gave', () => {
    const jobs = new JobRegistry<string>((j) => j === 'running');
    const id = jobs.add('running');
    jobs.set(id, 'done');
    jobs.set('unknown', 'done');
    expect(jobs.values()).toEqual(['done']);
  });
});
