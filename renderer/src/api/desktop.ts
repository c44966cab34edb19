/**
 * The desktop app's side of a server connection (electron/main/desktop.ts does the work): the
 * preload's `account` door for reaching a server, signing in and going back to the local file,
 * and the command transport that turns "the server ended the session" into the sign-in screen.
 * The page itself never talks to the server: the main process holds the cookie and CSRF token.
 */
import type { AccountAction, AccountAnswer, DesktopStatus } from '../../../electron/preload/account-protocol';
import type { Result, Transport } from './client';
import { forget, type AccountDoor, type SignInAnswer } from './account';

export type { DesktopStatus };

/** What the preload exposes as window.aiguillage in the desktop app. */
export interface DesktopBridge extends Transport {
  account(action: AccountAction, payload: object, language?: string): Promise<unknown>;
}

export function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    async call(method, input, language) {
      const result = (await bridge.call(method, input, language)) as Result<unknown> & { signedOut?: true };
      if (result.signedOut) forget();
      return result;
    },
  };
}

export function desktopAccount(bridge: DesktopBridge) {
  const act = (action: AccountAction, payload: object = {}, language?: string) => bridge.account(action, payload, language) as Promise<AccountAnswer>;
  const signedIn = (answer: AccountAnswer): SignInAnswer =>
    answer.ok && answer.state.server?.me ? { ok: true, me: answer.state.server.me } : { ok: false, status: answer.ok ? 0 : (answer.status ?? 0), message: answer.ok ? '' : (answer.message ?? '') };

  const door: AccountDoor = {
    async whoAmI() {
      const answer = await act('status');
      return answer.ok ? (answer.state.server?.me ?? null) : null;
    },
    signIn: async (email, password, language) => signedIn(await act('signIn', { email, password }, language)),
    signOut: async () => void (await act('signOut')),
    changePassword: (current, next, language) => bridge.account('changePassword', { current, next }, language) as Promise<Result<null>>,
  };

  return {
    door,
    async status(): Promise<DesktopStatus> {
      const answer = await act('status');
      return answer.ok ? answer.state : { server: null, lastAddress: null };
    },
    /** Whether an Aiguillage server answers at the address. */
    check: (address: string, language: string) => act('check', { address }, language),
    /** Signs in to the server and makes it the one the app works on. */
    connect: async (address: string, email: string, password: string, language: string) => signedIn(await act('connect', { address, email, password }, language)),
    /** Back to the database on this computer. */
    disconnect: async () => void (await act('disconnect')),
  };
}

export type DesktopAccount = ReturnType<typeof desktopAccount>;
