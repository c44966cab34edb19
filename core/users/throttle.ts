/**
 * Slowing password guessing without locking anyone out (OWASP ASVS 6.1.1). Failed sign-ins are
 * counted per account and per client address; past a few failures the next attempt must wait,
 * the wait doubling with each failure:
 * - per address, up to 15 minutes: an address guessing at many accounts is slowed to a crawl;
 * - per account, up to 30 seconds only: an attacker spread over many addresses gets about two
 *   guesses a minute at one account, and the real user, at worst, waits half a minute. There is
 *   no lock that an attacker could keep closed on them.
 * Attempts refused for waiting are not counted (a hurried user does not dig the hole deeper),
 * a success clears its account's count, and counts are forgotten 15 minutes after the last
 * failure. The counts are rows, so several server processes share them.
 */
import type { Db } from '../db/connection';

interface Rule {
  /** Failures allowed before any wait. */
  free: number;
  maxWaitMs: number;
}

export const ACCOUNT_RULE: Rule = { free: 5, maxWaitMs: 30_000 };
export const ADDRESS_RULE: Rule = { free: 10, maxWaitMs: 15 * 60_000 };
const FORGET_MS = 15 * 60_000;

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/** The wait after `failures` failures under a rule: 0, then 1 s, 2 s, 4 s... up to its ceiling. */
export function waitAfter(failures: number, rule: Rule): number {
  if (failures < rule.free) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - rule.free, 30), rule.maxWaitMs);
}

interface Count {
  failures: number;
  last_failure_at: number;
}

function countOf(db: Db, key: string, now: number): Count | null {
  const row = db.prepare('SELECT failures, last_failure_at FROM login_throttle WHERE key = ?').get(key) as Count | undefined;
  return row && now - Number(row.last_failure_at) < FORGET_MS ? { failures: Number(row.failures), last_failure_at: Number(row.last_failure_at) } : null;
}

/** Milliseconds to wait before this account may be tried from this address; 0 when it may now. */
export function retryAfter(db: Db, email: string, address: string, now: number): number {
  let wait = 0;
  for (const [key, rule] of [
    [accountKey(email), ACCOUNT_RULE],
    [addressKey(address), ADDRESS_RULE],
  ] as const) {
    const count = countOf(db, key, now);
    if (count) wait = Math.max(wait, count.last_failure_at + waitAfter(count.failures, rule) - now);
  }
  return Math.max(0, wait);
}

export function recordFailure(db: Db, email: string, address: string, now: number): void {
  for (const key of [accountKey(email), addressKey(address)]) {
    const failures = (countOf(db, key, now)?.failures ?? 0) + 1;
    db.prepare(
      'INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at',
    ).run(key, failures, now);
  }
}

/** A success clears the account's count; the address's decays on its own (a guesser who owns one account must not reset it). */
export function recordSuccess(db: Db, email: string, now: number): void {
  db.prepare('DELETE FROM login_throttle WHERE key = ? OR last_failure_at < ?').run(accountKey(email), now - FORGET_MS);
}
