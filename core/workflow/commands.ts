/** workflow.*: the member's answers and progress after dispatch. */
import { command } from '../commands/define';
import { recordStep, stepInput } from './record';

export const workflowCommands = {
  'workflow.record': command(stepInput, (ctx, input) => recordStep(ctx, input)),
};
