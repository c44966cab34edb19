/** Helpers for unit tests: a fresh in-memory database and a call function over the table. */
import { openDatabase } from './db/connection';
import { dispatch, dispatchAsync } from './commands/dispatch';
import type { Context } from './commands/define';
import type { Input, Method, Output } from './commands/table';
import type { Result } from './commands/errors';
import type { Language } from './language';

export function testContext(now = Date.UTC(2026, 10, 23, 9, 0)): Context {
  return { db: openDatabase(':memory:'), dbPath: ':memory:', actor: 'test', now: () => now };
}

export function caller(ctx: Context, language: Language = 'en') {
  const tryCall = <M extends Method>(method: M, input: Input<M>) => dispatch(ctx, method, input, { log: () => {}, language }) as Result<Output<M>>;
  const call = <M extends Method>(method: M, input: Input<M>): Output<M> => {
    const result = tryCall(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  /** The same for any command, asynchronous ones included (intake.preview). */
  const tryCallAsync = <M extends Method>(method: M, input: Input<M>) => dispatchAsync(ctx, method, input, { log: () => {}, language }) as Promise<Result<Output<M>>>;
  const callAsync = async <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    const result = await tryCallAsync(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  return { call, tryCall, callAsync, tryCallAsync };
}

export const validMember = {
  name: 'Solaire Touraine',
  kind: 'installer' as const,
  postalCode: '37000',
  city: 'Tours',
  capacityPerWeek: 12,
  priorityCoefficient: 1.5,
  radiusKm: 40,
};
