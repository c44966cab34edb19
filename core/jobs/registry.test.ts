import { describe, expect, it } from 'vitest';
import { JobRegistry, SlicedJobs } from './registry';

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

  it('answers a sliced job’s poll and cancel, and names a forgotten one', () => {
    type State = { status: 'running'; cancelling: boolean } | { status: 'completed' };
    const jobs = new SlicedJobs<State>(() => 'gone: start again');
    const running = jobs.add({ state: { status: 'running', cancelling: false }, cancel: false });
    const done = jobs.add({ state: { status: 'completed' }, cancel: false });
    expect(jobs.requestCancel(running)).toEqual({ status: 'running', cancelling: true });
    expect(jobs.get(running)?.cancel).toBe(true);
    // A finished job is not asked to stop: its state stays as it ended.
    expect(jobs.requestCancel(done)).toEqual({ status: 'completed' });
    expect(jobs.get(done)?.cancel).toBe(false);
    expect(() => jobs.state('never-given')).toThrow(expect.objectContaining({ code: 'not_found', message: 'gone: start again' }));
    expect(() => jobs.requestCancel('never-given')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
