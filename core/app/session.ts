/**
 * The open database as the hosts (window, browser host) hold it. Opening never crashes the app:
 * a damaged database, or one written by a newer version, leaves the session "unavailable" with
 * the reason, and the renderer shows the recovery screen offering the backups. Restoring a
 * backup swaps the file under a closed connection, keeps the replaced database as a
 * "pre-restore" backup (the undo of the restore is restoring that one) and reopens.
 * These few methods act on the file rather than inside it, so they live here and not in the
 * command table; every other call goes through `dispatch`.
 */
import { z } from 'zod';
import type { Context, MemberPrincipal } from '../commands/define';
import { dispatchAsync, type DispatchOptions } from '../commands/dispatch';
import { AppError, fromZodError, type ErrorData, type Result } from '../commands/errors';
import type { Input as TableInput, Method as TableMethod, Output as TableOutput } from '../commands/table';
import { backupName, createBackup, listBackups, type BackupInfo } from '../db/backup';
import { putInPlace, restorable, setAside, stageBackup } from '../db/restore';
import { runningFingerprints } from '../intake/background';
import { tr, withLanguage } from '../language';
import { openApp, type OpenOptions, type OpenedApp } from '../open';

export interface DatabaseStatus {
  dbPath: string;
  /** Why the database could not be opened (db_corrupt, db_too_new), or null when it is open. */
  problem: ErrorData | null;
  backups: Omit<BackupInfo, 'file'>[];
}

export interface RestoreResult {
  restored: string;
  /** The backup of the database as it was just before: restore it to undo. Null when it was damaged. */
  undo: string | null;
}

const sessionMethods = {
  'database.status': z.object({}),
  'database.backup': z.object({}),
  'database.restore': z.object({ name: z.string().regex(/^aiguillage-[a-z-]+-\d{8}T\d{9}Z\.sqlite$/, 'Not a backup file name') }),
};

interface SessionOutputs {
  'database.status': DatabaseStatus;
  'database.backup': Omit<BackupInfo, 'file'>;
  'database.restore': RestoreResult;
}

type SessionMethod = keyof typeof sessionMethods;
/** Every method a renderer may call: the command table's and the session's. */
export type AppMethod = TableMethod | SessionMethod;
export type AppInput<M extends AppMethod> = M extends TableMethod ? TableInput<M> : M extends SessionMethod ? z.input<(typeof sessionMethods)[M]> : never;
export type AppOutput<M extends AppMethod> = M extends TableMethod ? TableOutput<M> : M extends SessionMethod ? SessionOutputs[M] : never;

const RECOVERABLE = new Set(['db_corrupt', 'db_too_new']);

export interface CallOptions extends DispatchOptions {
  /** Who is calling, when not the session's own actor: server mode's signed-in user. */
  actor?: string;
  /** A member's person signed in to the extranet: what their commands act for (Context.member). */
  member?: MemberPrincipal;
  /** Server mode's signed-in user (Context.userId). */
  userId?: number;
}

/** The context of one call: the open database's, with the caller's name and member when given. */
export function callerContext(ctx: Context, { actor, member, userId }: Pick<CallOptions, 'actor' | 'member' | 'userId'>): Context {
  if (actor === undefined && member === undefined && userId === undefined) return ctx;
  return { ...ctx, ...(actor === undefined ? {} : { actor }), ...(member === undefined ? {} : { member }), ...(userId === undefined ? {} : { userId }) };
}

export class Session {
  private listeners: ((ctx: Context | null) => void)[] = [];

  private constructor(
    private options: OpenOptions,
    private current: OpenedApp | null,
    private problem: ErrorData | null,
  ) {}

  static async open(options: OpenOptions): Promise<Session> {
    const opened = await tryOpen(options);
    return new Session(options, opened.ctx, opened.problem);
  }

  get ctx(): OpenedApp | null {
    return this.current;
  }

  get dbPath(): string {
    return this.options.dbPath;
  }

  /** Called with the new context after each (re)open, null when the database is unavailable. */
  onChange(listener: (ctx: Context | null) => void): void {
    this.listeners.push(listener);
    listener(this.current);
  }

  async call(method: unknown, input: unknown, { actor, member, userId, ...options }: CallOptions = {}): Promise<Result<unknown>> {
    if (typeof method === 'string' && Object.hasOwn(sessionMethods, method)) return this.sessionCall(method as SessionMethod, input, options);
    if (!this.current) {
      return withLanguage(options.language ?? 'en', () => ({
        ok: false as const,
        error: { code: this.problem?.code ?? 'db_corrupt', message: tr('The database is not open: restore a backup first.', 'La base n’est pas ouverte : restaurez d’abord une sauvegarde.') },
      }));
    }
    return dispatchAsync(callerContext(this.current, { actor, member, userId }), method, input, options);
  }

  private async sessionCall(method: SessionMethod, input: unknown, options: DispatchOptions): Promise<Result<unknown>> {
    const language = options.language ?? 'en';
    const parsed = sessionMethods[method].safeParse(input ?? {});
    if (!parsed.success) return withLanguage(language, () => ({ ok: false as const, error: fromZodError(parsed.error).toData() }));
    try {
      // The language is set for the synchronous checks; messages after an await are English.
      const value = await withLanguage(language, () => {
        if (method === 'database.status') return Promise.resolve(this.status());
        if (method === 'database.backup') return this.backupNow();
        return this.restore((parsed.data as { name: string }).name, language);
      });
      if (this.current) options.onSuccess?.(this.current);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      (options.log ?? console.error)(`${method} failed`, error);
      return { ok: false, error: { code: 'internal', message: withLanguage(language, () => tr('The operation failed; see the log.', 'L’opération a échoué ; voir le journal.')) } };
    }
  }

  status(): DatabaseStatus {
    return { dbPath: this.dbPath, problem: this.problem, backups: listBackups(this.dbPath).map(({ file: _file, ...b }) => b) };
  }

  async backupNow(): Promise<Omit<BackupInfo, 'file'>> {
    if (!this.current) throw new AppError('conflict', tr('The database is not open: there is nothing to back up.', 'La base n’est pas ouverte : rien à sauvegarder.'));
    const { file: _file, ...info } = await createBackup(this.current.db, this.dbPath, 'manual', this.now());
    return info;
  }

  /** Replaces the database by a verified backup; the database replaced is kept to undo it. */
  async restore(name: string, language: 'fr' | 'en' = 'en'): Promise<RestoreResult> {
    const backup = listBackups(this.dbPath).find((b) => b.name === name);
    if (!backup) throw new AppError('not_found', tr(`No backup named ${name}.`, `Aucune sauvegarde nommée ${name}.`));
    restorable(backup);
    // An import commits from a connection of its own (intake/writer.ts), which would go on writing to the file replaced.
    if (runningFingerprints().size > 0) {
      throw new AppError(
        'conflict',
        tr('An import is running: wait for its end, or cancel it, then restore the backup.', 'Un import est en cours : attendez sa fin, ou annulez-le, puis restaurez la sauvegarde.'),
      );
    }
    const staged = stageBackup(this.dbPath, backup);
    let undo: string | null = null;
    const previous = this.current;
    if (previous) {
      undo = (await createBackup(previous.db, this.dbPath, 'pre-restore', this.now())).name;
      this.setCurrent(null, null);
      previous.db.close();
    } else {
      setAside(this.dbPath, backupName('damaged', this.now()));
    }
    putInPlace(this.dbPath, staged);
    const opened = await tryOpen({ ...this.options, demo: false });
    this.setCurrent(opened.ctx, opened.problem);
    if (opened.problem)
      throw new AppError(
        opened.problem.code,
        withLanguage(language, () => tr(`The restored database cannot be opened: ${opened.problem!.message}`, `La base restaurée ne peut pas être ouverte : ${opened.problem!.message}`)),
      );
    return { restored: name, undo };
  }

  /** Opens another database file (the window's File > Open). */
  async switchTo(dbPath: string): Promise<void> {
    const opened = await tryOpen({ ...this.options, dbPath });
    if (!opened.ctx) throw new AppError(opened.problem!.code, opened.problem!.message);
    this.current?.db.close();
    this.options = { ...this.options, dbPath };
    this.setCurrent(opened.ctx, null);
  }

  close(): void {
    this.current?.db.close();
    this.current = null;
  }

  private setCurrent(ctx: OpenedApp | null, problem: ErrorData | null): void {
    this.current = ctx;
    this.problem = problem;
    for (const listener of this.listeners) listener(ctx);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

async function tryOpen(options: OpenOptions): Promise<{ ctx: OpenedApp | null; problem: ErrorData | null }> {
  try {
    return { ctx: await openApp(options), problem: null };
  } catch (error) {
    if (error instanceof AppError && RECOVERABLE.has(error.code)) return { ctx: null, problem: error.toData() };
    throw error;
  }
}
