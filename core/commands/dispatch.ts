/**
 * The single entry point every host uses: IPC, HTTP, CLI and tests all call `dispatch`.
 * Unknown names, invalid input and failing handlers all come back as `{ ok: false }`.
 */
import { commands, type Method } from './table';
import { AppError, fromZodError, type Result } from './errors';
import type { Context } from './define';
import { durably } from '../db/connection';
import { tr, withLanguage, type Language } from '../language';

export type Logger = (message: string, error: unknown) => void;

export interface DispatchOptions {
  log?: Logger;
  /** Language of the messages in the answer; English when absent. */
  language?: Language;
}

const defaultLogger: Logger = (message, error) => console.error(message, error);

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function dispatch(ctx: Context, method: unknown, rawInput: unknown, { log = defaultLogger, language = 'en' }: DispatchOptions = {}): Result<unknown> {
  return withLanguage(language, () => run(ctx, method, rawInput, log));
}

function run(ctx: Context, method: unknown, rawInput: unknown, log: Logger): Result<unknown> {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `${tr('Unknown command', 'Commande inconnue')}: ${String(method).slice(0, 80)}` } };
  }
  const cmd = commands[method];
  const parsed = cmd.input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: fromZodError(parsed.error).toData() };
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table entry was looked up by name; its input was parsed by its own schema
    const run = () => (cmd.handler as (c: Context, i: any) => unknown)(ctx, parsed.data);
    const once = () => (cmd.options.ownTransactions ? run() : ctx.db.transaction(run)());
    const value = cmd.options.durable ? durably(ctx.db, once) : once();
    return { ok: true, value };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toData() };
    log(`command ${method} failed`, error);
    return {
      ok: false,
      error: { code: 'internal', message: tr('The command failed unexpectedly; nothing was changed. See the log for details.', 'La commande a échoué de façon inattendue ; rien n’a été modifié. Le journal donne les détails.') },
    };
  }
}
