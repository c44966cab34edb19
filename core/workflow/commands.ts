/** workflow.*: the member's answers and progress after dispatch, one by one or from a feedback file. */
import { command } from '../commands/define';
import { recordStep, stepInput } from './record';
import { feedbackInput, importFeedback } from './feedback';

export const workflowCommands = {
  'workflow.record': command(stepInput, (ctx, input) => recordStep(ctx, input)),
  /** Each line in its own transaction: one bad line never undoes the others. */
  'workflow.importFeedback': command(feedbackInput, (ctx, { fileName, contentBase64 }) => importFeedback(ctx, fileName, Buffer.from(contentBase64, 'base64')), { ownTransactions: true }),
};
