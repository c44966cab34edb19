/**
 * Command-line entry over the same command table, for scripting and automation:
 *   aiguillage call <method> [--input FILE | --input - | json-input] [--db FILE] [--no-demo] [--lang fr|en]
 *   aiguillage methods
 *   aiguillage report <YYYY-MM> [--format pdf|xlsx|csv] [--out FILE]
 *   aiguillage users add --email E --name N --role R [--db FILE]   (password on stdin)
 * Prints the command's JSON result on stdout; on error prints the error as JSON on stderr
 * and exits with 1 (2 for a usage error). The input is best given as a file or on stdin
 * (`--input FILE`, `--input -`): an argument is limited in size (E2BIG past ~128 KB) and shows
 * the personal data it holds in the process list and the shell history.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Context } from '../commands/define';
import { commands } from '../commands/table';
import { dispatchAsync } from '../commands/dispatch';
import { defaultDatabasePath } from '../db/location';
import { openApp } from '../open';
import { AppError } from '../commands/errors';
import { isLanguage, withLanguage } from '../language';
import { exportReport, FORMATS, type ReportFormat } from '../reports/commands';
import { runJobs } from '../jobs/scheduler';
import { demoProgressLog } from '../demo/history';

const USAGE = `usage:
  aiguillage call <method> [--input FILE | --input - | json-input] [--db FILE] [--no-demo] [--lang fr|en]
      (--input reads the JSON input from a file, or from stdin with "-": prefer it to an argument,
       which is limited in size and shows personal data in the process list and shell history)
  aiguillage methods
  aiguillage run-jobs [--db FILE]   (re-route overdue leads, send the outbox, scheduled backup)
  aiguillage report <YYYY-MM> [--format pdf|xlsx|csv] [--out FILE] [--db FILE] [--lang fr|en]   (monthly SLA report)
  aiguillage users add --email E --name N --role administrator|coordinator|qualifier|manager [--db FILE]
      (a user of server mode; the password is read from stdin, its first line, never from an argument)`;

export async function runCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        'no-demo': { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        format: { type: 'string' },
        out: { type: 'string' },
        input: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [verb, method, json] = parsed.positionals;
  if (parsed.values.help || !verb) {
    out.write(USAGE + '\n');
    return verb ? 0 : 2;
  }
  if (verb === 'methods') {
    out.write(Object.keys(commands).sort().join('\n') + '\n');
    return 0;
  }
  if (verb === 'run-jobs') return runJobsOnce(parsed.values.db, out, err);
  if (verb === 'report') return writeReport(method, parsed.values, out, err);
  if (verb === 'users' && method === 'add') return addUser(parsed.values, stdin, out, err);
  if (verb !== 'call' || !method) {
    err.write(USAGE + '\n');
    return 2;
  }
  if (json !== undefined && parsed.values.input !== undefined) {
    err.write(`Give the input either as an argument or with --input, not both.\n${USAGE}\n`);
    return 2;
  }
  let text: string | undefined;
  try {
    const from = parsed.values.input ?? (json === '-' ? '-' : undefined);
    text = from === undefined ? json : from === '-' ? await readAll(stdin) : readFileSync(from, 'utf8');
  } catch (e) {
    err.write(JSON.stringify({ code: 'invalid_input', message: `Cannot read the input: ${(e as Error).message}` }) + '\n');
    return 2;
  }
  let input: unknown = {};
  if (text !== undefined) {
    try {
      input = JSON.parse(text);
    } catch (e) {
      err.write(JSON.stringify({ code: 'invalid_input', message: `Input is not valid JSON: ${(e as Error).message}` }) + '\n');
      return 2;
    }
  }
  let ctx;
  try {
    ctx = await openApp({
      dbPath: parsed.values.db ?? defaultDatabasePath(),
      demo: !parsed.values['no-demo'],
      actor: 'cli',
      onDemoProgress: demoProgressLog((line) => process.stderr.write(`${line}\n`)),
    });
  } catch (e) {
    const error = e instanceof AppError ? e.toData() : { code: 'internal', message: (e as Error).message };
    err.write(JSON.stringify(error) + '\n');
    return 1;
  }
  try {
    const language = isLanguage(parsed.values.lang) ? parsed.values.lang : 'en';
    const result = await dispatchAsync(ctx, method, input, { log: (message, error) => err.write(`${message}: ${String(error)}\n`), language });
    if (!result.ok) {
      err.write(JSON.stringify(result.error, null, 2) + '\n');
      return 1;
    }
    out.write(JSON.stringify(result.value, null, 2) + '\n');
    return 0;
  } finally {
    ctx.db.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function runJobsOnce(db: string | undefined, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  return withDatabase(db, 'scheduler', err, async (ctx) => {
    out.write(JSON.stringify(await runJobs(ctx, (message, error) => err.write(`${message}: ${String(error)}\n`)), null, 2) + '\n');
    return 0;
  });
}

/** Opens the database for one verb, closes it after, and prints a failure as a structured error (exit 1). */
async function withDatabase(db: string | undefined, actor: string, err: NodeJS.WritableStream, run: (ctx: Context) => Promise<number>): Promise<number> {
  try {
    const ctx = await openApp({ dbPath: db ?? defaultDatabasePath(), demo: false, actor });
    try {
      return await run(ctx);
    } finally {
      ctx.db.close();
    }
  } catch (e) {
    err.write(JSON.stringify(e instanceof AppError ? e.toData() : { code: 'internal', message: (e as Error).message }) + '\n');
    return 1;
  }
}

/** Creates a user of server mode (the first administrator, typically) with the password given on stdin. */
async function addUser(o: { db?: string; email?: string; name?: string; role?: string }, stdin: NodeJS.ReadableStream, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const password = (await readAll(stdin)).split(/\r?\n/)[0] ?? '';
  return withDatabase(o.db, 'cli', err, async (ctx) => {
    const result = await dispatchAsync(
      ctx,
      'users.create',
      { email: o.email ?? '', displayName: o.name ?? o.email ?? '', role: o.role ?? '', password },
      { log: (message, error) => err.write(`${message}: ${String(error)}\n`) },
    );
    if (!result.ok) {
      err.write(JSON.stringify(result.error, null, 2) + '\n');
      return 1;
    }
    out.write(JSON.stringify((result.value as { user: unknown }).user, null, 2) + '\n');
    return 0;
  });
}

/** Writes the monthly SLA report of a month to a file (default: the export's own name). */
async function writeReport(month: string | undefined, o: { db?: string; format?: string; out?: string; lang?: string }, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const format = o.format ?? 'pdf';
  if (!month || !/^\d{4}-\d{2}$/.test(month) || !(FORMATS as readonly string[]).includes(format)) {
    err.write(USAGE + '\n');
    return 2;
  }
  return withDatabase(o.db, 'cli', err, async (ctx) => {
    const language = isLanguage(o.lang) ? o.lang : 'en';
    const file = await withLanguage(language, () => exportReport(ctx, month, format as ReportFormat));
    const path = o.out ?? file.fileName;
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    out.write(path + '\n');
    return 0;
  });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('core/cli/main.ts')) {
  process.exitCode = await runCli(process.argv.slice(2));
}
