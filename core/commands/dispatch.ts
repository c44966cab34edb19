/**
 * The single entry point every host uses: IPC, HTTP, CLI and tests all call `dispatch`.
 * Unknown names, invalid input and failing handlers all come back as `{ ok: false }`.
 */
import { commands, type Method } from './table';
import { AppError, fromZodError, type Result } from './errors';
import type { Context } from './define';
import { durably } from '../db/connection';
import { actAsMember } from '../db/row-security';
import { inWriteTurn, withWriteTurn } from '../db/write-turn';
import { tr, withLanguage, type Language } from '../language';

export type Logger = (message: string, error: unknown) => void;

export interface DispatchOptions {
  log?: Logger;
  /** Language of the messages in the answer; English when absent. */
  language?: Language;
  /**
   * Runs after the handler succeeded, inside its transaction when it has one, so a change and
   * what is recorded about it (server mode's audit entry naming the user) commit together.
   */
  onSuccess?: (ctx: Context) => void;
}

const defaultLogger: Logger = (message, error) => console.error(message, error);

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

/**
 * Runs a command and answers at once. A command whose handler is asynchronous (it waits for a
 * worker thread) is refused here: hosts call it through dispatchAsync.
 */
export function dispatch(ctx: Context, method: unknown, rawInput: unknown, { log = defaultLogger, language = 'en', onSuccess }: DispatchOptions = {}): Result<unknown> {
  return withLanguage(language, () => {
    if (isMethod(method) && commands[method].options.asynchronous) {
      return {
        ok: false,
        error: { code: 'internal', message: tr(`${method} answers asynchronously: call it through dispatchAsync.`, `${method} répond de façon asynchrone : appelez-la par dispatchAsync.`) },
      };
    }
    // Only an asynchronous command's handler returns a promise, and those were refused above.
    return settle(run(ctx, method, rawInput, onSuccess) as Exclude<Started, Promise<unknown>>, method, log);
  });
}

/** Runs any command, synchronous or not; what every host uses. */
export async function dispatchAsync(ctx: Context, method: unknown, rawInput: unknown, { log = defaultLogger, language = 'en', onSuccess }: DispatchOptions = {}): Promise<Result<unknown>> {
  const started = withLanguage(language, () => {
    try {
      return run(ctx, method, rawInput, onSuccess);
    } catch (error) {
      return { thrown: error };
    }
  });
  if (!(started instanceof Promise)) return withLanguage(language, () => settle(started, method, log));
  try {
    return { ok: true, value: await started };
  } catch (error) {
    return withLanguage(language, () => settle({ thrown: error }, method, log));
  }
}

type Started = Result<unknown> | { thrown: unknown } | Promise<unknown>;

function run(ctx: Context, method: unknown, rawInput: unknown, onSuccess: DispatchOptions['onSuccess']): Started {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `${tr('Unknown command', 'Commande inconnue')}: ${String(method).slice(0, 80)}` } };
  }
  const cmd = commands[method];
  const parsed = cmd.input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: fromZodError(parsed.error).toData() };
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table entry was looked up by name; its input was parsed by its own schema
    const handle = () => (cmd.handler as (c: Context, i: any) => unknown)(ctx, parsed.data);
    // An asynchronous handler commits on its own: a transaction cannot stay open across awaits.
    if (cmd.options.asynchronous) return (handle() as Promise<unknown>).then((value) => (onSuccess?.(ctx), value));
    if (ctx.member && (cmd.options.ownTransactions || cmd.options.asynchronous)) {
      throw new Error(`${method} cannot serve a member: a member’s command runs in one transaction, its row-security scope's.`);
    }
    const call = () => {
      // A member's person: the database's policies guard the transaction too (PostgreSQL).
      if (ctx.member) actAsMember(ctx.db, ctx.member);
      const value = handle();
      onSuccess?.(ctx);
      return value;
    };
    // A background import may hold SQLite's write lock from its own thread (db/write-turn.ts).
    const once = () => (cmd.options.ownTransactions ? inWriteTurn(ctx.db, call) : withWriteTurn(ctx.db, ctx.db.transaction(call)));
    const value = cmd.options.durable ? durably(ctx.db, once) : once();
    return { ok: true, value };
  } catch (error) {
    return { thrown: error };
  }
}

function settle(started: Exclude<Started, Promise<unknown>>, method: unknown, log: Logger): Result<unknown> {
  if (!('thrown' in started)) return started;
  const error = started.thrown;
  if (error instanceof AppError) return { ok: false, error: error.toData() };
  log(`command ${String(method)} failed`, error);
  return {
    ok: false,
    error: {
      code: 'internal',
      message: tr('The command failed unexpectedly; nothing was changed. See the log for details.', 'La commande a échoué de façon inattendue ; rien n’a été modifié. Le journal donne les détails.'),
    },
  };
}
