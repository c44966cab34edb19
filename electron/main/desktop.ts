/**
 * Where the desktop window's commands go: the local database (the core in this process), or an
 * Aiguillage server once the person connected to one in Settings (remote.ts). The renderer keeps
 * its one door, `aiguillage:call`; the account actions (reach a server, sign in, sign out, go
 * back to the local file) come through `aiguillage:account`, each payload checked here.
 *
 * The chosen server's address is remembered in `server.json` in the user data folder, with
 * whether the app works on it: after a restart the app asks for the password again (the session
 * lived in memory only). Nothing secret is written: no password, no cookie, no token.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { checkServerAddress } from '../../common/server-address';
import type { Result } from '../../core/commands/errors';
import type { AccountAction, AccountAnswer, DesktopStatus } from '../preload/account-protocol';
import { RemoteConnection } from './remote';

export type LocalCall = (method: unknown, input: unknown, language: string) => Promise<Result<unknown>>;

/** The address as typed, to its origin (https://aiguillage.example.fr); an issue's message is the AddressProblem the renderer translates. */
export const serverAddressSchema = z
  .string()
  .max(300)
  .transform((text, ctx) => {
    const checked = checkServerAddress(text);
    if (checked.ok) return checked.origin;
    ctx.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  });

const remembered = z.object({ address: serverAddressSchema, connected: z.boolean() });
type Remembered = z.output<typeof remembered>;

const credentials = { email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) };
const payloads: Record<AccountAction, z.ZodType> = {
  status: z.object({}),
  check: z.object({ address: serverAddressSchema }),
  connect: z.object({ address: serverAddressSchema, ...credentials }),
  signIn: z.object(credentials),
  signOut: z.object({}),
  disconnect: z.object({}),
  changePassword: z.object({ current: z.string().max(200), next: z.string().max(200) }),
};

export class Desktop {
  private remote: RemoteConnection | null;
  private lastAddress: string | null;

  constructor(
    private readonly local: LocalCall,
    /** server.json in the user data folder. */
    private readonly file: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {
    const saved = readRemembered(file);
    this.lastAddress = saved?.address ?? null;
    this.remote = saved?.connected ? new RemoteConnection(saved.address, fetcher) : null;
  }

  call(method: unknown, input: unknown, language: string): Promise<Result<unknown>> {
    if (!this.remote) return this.local(method, input, language);
    if (typeof method !== 'string') return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: 'No such command.' } });
    return this.remote.call(method, input, language);
  }

  status(): DesktopStatus {
    return { server: this.remote ? { address: this.remote.origin, me: this.remote.me } : null, lastAddress: this.lastAddress };
  }

  async account(action: unknown, payload: unknown, language: string): Promise<AccountAnswer | Result<null>> {
    if (typeof action !== 'string' || !Object.hasOwn(payloads, action)) return { ok: false, problem: 'invalid', message: 'Unknown action.' };
    const parsed = payloads[action as AccountAction].safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, problem: 'invalid', issues: parsed.error.issues.map((i) => `${i.path.join('.')}:${i.message}`) };
    const input = parsed.data as Record<string, string>;
    switch (action as AccountAction) {
      case 'status':
        return this.answer();
      case 'check': {
        const checked = await new RemoteConnection(input.address!, this.fetcher).check();
        return checked.ok ? this.answer() : { ok: false, problem: checked.problem, message: checked.detail };
      }
      case 'connect': {
        // Signing in to a server makes it the one the app works on; the local file stays as it is, for Disconnect.
        const connection = new RemoteConnection(input.address!, this.fetcher);
        const signed = await connection.signIn(input.email!, input.password!, language);
        if (!signed.ok) return signed;
        await this.remote?.signOut();
        this.remote = connection;
        this.remember({ address: connection.origin, connected: true });
        return this.answer();
      }
      case 'signIn': {
        if (!this.remote) return { ok: false, problem: 'invalid', message: 'No server chosen.' };
        const signed = await this.remote.signIn(input.email!, input.password!, language);
        return signed.ok ? this.answer() : signed;
      }
      case 'signOut':
        await this.remote?.signOut();
        return this.answer();
      case 'disconnect':
        if (this.remote) {
          await this.remote.signOut();
          this.remember({ address: this.remote.origin, connected: false });
          this.remote = null;
        }
        return this.answer();
      case 'changePassword':
        if (!this.remote) return { ok: false, problem: 'invalid', message: 'No server chosen.' };
        return this.remote.changePassword(input.current!, input.next!, language);
    }
  }

  private answer(): AccountAnswer {
    return { ok: true, state: this.status() };
  }

  private remember(value: Remembered): void {
    this.lastAddress = value.address;
    try {
      writeFileSync(this.file, JSON.stringify(value), { mode: 0o600 });
    } catch (error) {
      // Not remembering the server costs the person a retype at the next start, nothing more.
      console.error('Cannot remember the server address:', error);
    }
  }
}

/** The saved choice, or null when there is none or it does not validate (edited by hand, an older format). */
function readRemembered(file: string): Remembered | null {
  try {
    const parsed = remembered.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
