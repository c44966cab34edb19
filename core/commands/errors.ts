/**
 * Errors cross every boundary (IPC, HTTP, CLI) as data, never as a stack trace.
 * A handler throws AppError for anything the user can fix; anything else is reported
 * as "internal" with a generic message, and the details go to the host's log only.
 */
import type { ZodError } from 'zod';
import { tr } from '../language';
import type { StaleRow } from '../db/row-version';

export type ErrorCode = 'invalid_input' | 'unknown_method' | 'not_found' | 'conflict' | 'forbidden' | 'db_too_new' | 'db_corrupt' | 'internal';

export interface FieldIssue {
  /** Path of the offending field, e.g. ["postalCode"] or ["productLines", 2]. */
  path: (string | number)[];
  message: string;
}

export interface ErrorData {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
  /** A conflict over a row version: the row as it is now, to show instead of what the edit saw. */
  stale?: StaleRow;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly stale?: StaleRow,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toData(): ErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.stale ? { stale: this.stale } : {}),
    };
  }
}

/** An error about one field, shown next to that field by forms. */
export function fieldError(code: ErrorCode, field: string, message: string): AppError {
  return new AppError(code, message, [{ path: [field], message }]);
}

export function fromZodError(error: ZodError): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
  return new AppError('invalid_input', `${tr('Invalid input', 'Saisie invalide')}: ${where}${first?.message ?? tr('unknown problem', 'problème inconnu')}`, issues);
}
