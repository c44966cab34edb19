/**
 * The renderer's one way to reach the core. Typed from core's command table, so a renamed
 * command or a changed input fails the type-check here. Two transports: Electron IPC through
 * the preload's `window.aiguillage.call`, and HTTP to the browser host.
 */
import type { AppInput, AppMethod, AppOutput } from '../../../core/app/session';
import type { ErrorData, Result } from '../../../core/commands/errors';

/** The command table's methods and the session's (database status, backup, restore). */
export type Method = AppMethod;
export type Input<M extends Method> = AppInput<M>;
export type Output<M extends Method> = AppOutput<M>;
export type { ErrorData, Result };

export interface Transport {
  /** `language` chooses the language of the messages in the answer (validation issues, errors). */
  call(method: string, input: unknown, language?: string): Promise<Result<unknown>>;
}

/** A failed command, thrown by `api.call`; forms use `api.tryCall` to read field issues instead. */
export class ApiError extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
    this.name = 'ApiError';
  }
}

export interface Api {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  tryCall<M extends Method>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
}

export function createApi(transport: Transport, language: () => string): Api {
  const tryCall = async <M extends Method>(method: M, input: Input<M>): Promise<Result<Output<M>>> => {
    try {
      return (await transport.call(method, input, language())) as Result<Output<M>>;
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `Cannot reach the application core: ${(error as Error).message}` } };
    }
  };
  return {
    tryCall,
    async call(method, input) {
      const result = await tryCall(method, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    },
  };
}
