/** exports.download: the file of any export started as a job (jobs.ts), once it is ready. */
import { z } from 'zod';
import { command } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { takeJob } from './jobs';

export const exportsCommands = {
  'exports.download': command(z.object({ jobId: z.string().uuid() }), (_ctx, { jobId }) => {
    const job = takeJob(jobId);
    if (!job) throw new AppError('not_found', tr('This export is no longer available; export again.', 'Cet export n’est plus disponible ; relancez-le.'));
    return job;
  }),
};
