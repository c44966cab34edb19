/**
 * Files rendered after the command returns (pdfmake and exceljs only write asynchronously):
 * a command starts the rendering and returns a job id, and exports.download hands the file over
 * once it is ready (the renderer polls). Any export of the app (monthly reports, the members'
 * file, a person's data) goes through here, so there is one download path.
 */
import { JobRegistry } from '../jobs/registry';

export interface ExportFile {
  fileName: string;
  mime: string;
  base64: string;
}

export type Job = { status: 'running'; fileName: string } | ({ status: 'done' } & ExportFile) | { status: 'failed'; fileName: string; message: string };

const jobs = new JobRegistry<Job>((j) => j.status === 'running');

export function startJob(fileName: string, mime: string, bytes: Promise<Buffer>): { jobId: string; fileName: string } {
  const jobId = jobs.add({ status: 'running', fileName });
  bytes.then(
    (b) => jobs.set(jobId, { status: 'done', fileName, mime, base64: b.toString('base64') }),
    (e: Error) => jobs.set(jobId, { status: 'failed', fileName, message: e.message }),
  );
  return { jobId, fileName };
}

/** The job's state; a finished job is handed over once and forgotten. */
export function takeJob(jobId: string): Job | undefined {
  const job = jobs.get(jobId);
  if (job && job.status !== 'running') jobs.delete(jobId);
  return job;
}
