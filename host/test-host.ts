/** For the tests of server mode: a host on loopback behind the accounts guard, a bare page to serve, no log. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../common/roles';
import { Session } from '../core/app/session';
import { hashPassword } from '../core/users/passwords';
import { insertUser, type User } from '../core/users/store';
import { accountsGuard, type AccountsOptions } from './accounts';
import { createHost, type Host, type HostOptions } from './server';

export async function listenWithAccounts(call: HostOptions['call'], ctx: AccountsOptions['ctx']): Promise<{ host: Host; origin: string }> {
  const staticDir = mkdtempSync(join(tmpdir(), 'aig-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Aiguillage</title>');
  const host = createHost({ call, staticDir, guard: accountsGuard({ ctx, secure: false }), log: () => {} });
  return { host, origin: await host.listen(0) };
}

/** A server on a new in-memory database with one user per role (`role@example.fr`, all with `password`), on the test's clock. */
export async function sessionWithAccounts<R extends Role>(roles: readonly R[], password: string, now: () => number) {
  const session = await Session.open({ dbPath: ':memory:', demo: false, now });
  const users = {} as Record<R, User>;
  // Fast hashing: the cost is the sign-in's business, not these tests'.
  for (const role of roles) users[role] = insertUser(session.ctx!.db, { email: `${role}@example.fr`, displayName: role, role, passwordHash: hashPassword(password, { logN: 10, r: 8, p: 1 }) }, now());
  const { host, origin } = await listenWithAccounts(
    (method, input, options) => session.call(method, input, { ...options, log: () => {} }),
    () => session.ctx,
  );
  return { session, users, host, origin };
}
