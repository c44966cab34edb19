/**
 * The simulation in the background: the command returns a job id at once, the replay advances
 * by slices short enough to hand the event loop back every few tens of milliseconds (the window
 * and the browser host keep answering during a year's replay), the renderer polls the progress
 * and may cancel between two slices. Nothing is written, so a cancelled simulation leaves
 * nothing to undo; jobs live in memory and a restart forgets them (the user simulates again).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Context } from '../commands/define';
import { SlicedJobs, type SlicedJob } from '../jobs/registry';
import { currentLanguage, tr, withLanguage } from '../language';
import { Replay, type SimulationInput, type SimulationResult } from './simulate';

export interface SimulationProgress {
  done: number;
  total: number;
}

export type SimulationJobState =
  | { status: 'running'; progress: SimulationProgress; cancelling: boolean }
  | { status: 'completed'; progress: SimulationProgress; result: SimulationResult }
  | { status: 'cancelled'; progress: SimulationProgress }
  | { status: 'error'; progress: SimulationProgress; error: { code: string; message: string } };

type Job = SlicedJob<SimulationJobState>;

const jobs = new SlicedJobs<SimulationJobState>(() =>
  tr('This simulation is no longer known (the app was restarted?). Simulate again.', 'Cette simulation n’est plus connue (l’application a redémarré ?). Relancez-la.'),
);
/** Time one slice may hold the event loop. */
const SLICE_MS = 30;
const FIRST_SLICE = 500;

/** Reads the period's leads and the network now (so the replay sees the database as it was asked), then replays in the background. */
export function startSimulation(ctx: Context, input: SimulationInput): { jobId: string } {
  const replay = new Replay(ctx, input);
  const job: Job = { state: { status: 'running', progress: { done: 0, total: replay.total }, cancelling: false }, cancel: false };
  const jobId = jobs.add(job);
  const language = currentLanguage();
  void run(replay, job).catch((error: unknown) => {
    console.error('simulation failed', error);
    const message = withLanguage(language, () => tr('The simulation failed unexpectedly; see the log.', 'La simulation a échoué de façon inattendue ; voir le journal.'));
    job.state = { status: 'error', progress: job.state.progress, error: { code: 'internal', message } };
  });
  return { jobId };
}

async function run(replay: Replay, job: Job): Promise<void> {
  let slice = FIRST_SLICE;
  for (;;) {
    // A turn first: the start command answers before any replay work.
    await nextTurn();
    if (job.cancel) return void (job.state = { status: 'cancelled', progress: job.state.progress });
    const started = performance.now();
    const finished = replay.advance(slice);
    const progress = { done: replay.done, total: replay.total };
    if (finished) return void (job.state = { status: 'completed', progress, result: replay.result() });
    job.state = { status: 'running', progress, cancelling: job.cancel };
    const perLead = (performance.now() - started) / slice;
    slice = Math.max(50, Math.floor(SLICE_MS / Math.max(perLead, 0.0001)));
  }
}

export function simulationState(jobId: string): SimulationJobState {
  return jobs.state(jobId);
}

/** Asks the replay to stop before its next slice. */
export function cancelSimulation(jobId: string): SimulationJobState {
  return jobs.requestCancel(jobId);
}
