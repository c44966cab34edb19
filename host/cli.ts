/**
 * The `aiguillage` command: `serve` starts server mode (host/serve.ts); every other verb is the
 * core's command line (core/cli/main.ts). Serving lives here because core imports no host.
 */
import { runCli } from '../core/cli/main';
import { serve } from './serve';

const [verb, ...rest] = process.argv.slice(2);
const code = verb === 'serve' ? await serve(rest) : await runCli(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
