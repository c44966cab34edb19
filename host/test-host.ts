/** For the tests of server mode: a host on loopback behind the accounts guard, a bare page to serve, no log. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountsGuard, type AccountsOptions } from './accounts';
import { createHost, type Host, type HostOptions } from './server';

export async function listenWithAccounts(call: HostOptions['call'], ctx: AccountsOptions['ctx']): Promise<{ host: Host; origin: string }> {
  const staticDir = mkdtempSync(join(tmpdir(), 'aig-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Aiguillage</title>');
  const host = createHost({ call, staticDir, guard: accountsGuard({ ctx, secure: false }), log: () => {} });
  return { host, origin: await host.listen(0) };
}
