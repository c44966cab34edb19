/**
 * The shape of one command: a zod schema for its input and a handler that receives the
 * parsed input. Domain folders export small tables built with `command`; table.ts merges them.
 */
import type { z } from 'zod';
import type { Db } from '../db/connection';
import type { SecretBox } from '../settings/secrets';
import type { ScheduledBackups } from '../db/backup';
import type { MemberRole } from '../../common/roles';

export interface MemberPrincipal {
  userId: number;
  memberId: number;
  role: MemberRole;
}

export interface Context {
  db: Db;
  /** Who is acting, recorded in events and audit rows ("user", "cli", "scheduler"). */
  actor: string;
  /** Path of the database file, or ":memory:". */
  dbPath: string;
  /** Injected so tests can pin the clock. Epoch milliseconds, UTC. */
  now: () => number;
  /**
   * A member's person signed in to the extranet (server mode): the member and the user every
   * extranet command acts for, taken from the session, never from the request. Absent for the
   * head office, the CLI, jobs and tests of the head office's commands.
   */
  member?: MemberPrincipal;
  /**
   * The signed-in user (server mode), whose own preferences `preferences.set` writes; absent on
   * the desktop, in browser mode and for jobs, where the language and theme are the database's.
   */
  userId?: number;
  /** Seals secrets at rest (settings/secrets.ts); the desktop app gives the OS key store, others default to a key file. */
  secrets?: SecretBox;
  /** Where the scheduled backups go; default: files beside a SQLite database (db/backup.ts), none in memory. */
  backups?: ScheduledBackups;
  /**
   * The address the network's people reach this server at (`serve --origin`): the links of the
   * members' mails start with it (core/mail/links.ts). Absent (the desktop app, a server without
   * a public address) the mails carry no link, only the reply-to-this-mail instructions.
   */
  linkOrigin?: string;
}

export interface CommandOptions {
  /**
   * By default a handler runs inside one transaction, so a failure anywhere leaves the
   * database as it was. Long jobs that commit in batches (imports) manage their own.
   */
  ownTransactions?: boolean;
  /** Commits that must survive a power cut (imports, dispatches): run with synchronous = FULL. */
  durable?: boolean;
  /**
   * The handler returns a promise (it waits for a worker thread). It commits on its own, like
   * ownTransactions, and hosts call it through dispatchAsync.
   */
  asynchronous?: boolean;
}

export interface Command<S extends z.ZodType, R> {
  input: S;
  handler: (ctx: Context, input: z.output<S>) => R;
  options: CommandOptions;
}

export function command<S extends z.ZodType, R>(input: S, handler: (ctx: Context, input: z.output<S>) => R, options: CommandOptions = {}): Command<S, R> {
  return { input, handler, options };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table holds commands of any input and output
export type AnyCommand = Command<z.ZodType, any>;
export type CommandTable = Record<string, AnyCommand>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Merges domain tables into one; a name registered twice is a programming error. */
export function mergeTables<T extends CommandTable[]>(...tables: T): UnionToIntersection<T[number]> {
  const merged: CommandTable = {};
  for (const table of tables) {
    for (const [name, cmd] of Object.entries(table)) {
      if (Object.hasOwn(merged, name)) throw new Error(`Command registered twice: ${name}`);
      merged[name] = cmd;
    }
  }
  return merged as UnionToIntersection<T[number]>;
}
