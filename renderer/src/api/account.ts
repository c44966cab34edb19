/**
 * Server mode's side of the Api: the session cookie (HttpOnly, the page never sees it) goes with
 * every request by itself; the CSRF token /login and /me hand over is kept in memory only and
 * sent in a header on every call. A 401 means the session ended (timeout, sign-out elsewhere,
 * the user disabled): the listeners show the sign-in screen again. The desktop app connected to
 * a server does the same through its main process (desktop.ts), behind the same AccountDoor.
 */
import type { Result, Transport } from './client';
import type { User } from '../../../core/users/store';
import type { SignedInUser } from '../../../electron/preload/account-protocol';

export type { User };
/** Who is signed in, and the methods their role may call: the menu shows only their views. */
export type Me = SignedInUser & {
  /** Their second factor (TOTP): on or not, and whether their role requires it (then nothing else works until it is on). */
  secondFactor?: { enabled: boolean; required: boolean };
  /** The language they chose for themselves (preferences.set), or null: the extranet opens in it on any device. */
  language?: 'fr' | 'en' | null;
};
/** What /login, /me and an invitation answer: the person and this session's CSRF token. */
type SignedInAnswer = Me & { csrf: string };

/** `secondFactor`: the password was right and the account asks for its code (send the same again with it). */
export type SignInAnswer = { ok: true; me: Me } | { ok: false; status: number; message: string; secondFactor?: boolean };

/** Signing in, out and changing one's password: over HTTP in the browser, through the main process on the desktop. */
export interface AccountDoor {
  /** Who is signed in, null when nobody is (the sign-in screen shows), 'no-server' for browser mode opened without its token. */
  whoAmI(): Promise<Me | null | 'no-server'>;
  signIn(email: string, password: string, language: string, code?: string): Promise<SignInAnswer>;
  signOut(): Promise<void>;
  changePassword(current: string, next: string, language: string): Promise<Result<null>>;
}

const CSRF_HEADER = 'x-aiguillage-csrf';
let csrf = '';
const signedOut = new Set<() => void>();

/** The headers of a call from the signed-in page (for the account's own paths: api/secondFactor.ts). */
export const sessionHeaders = (language: string) => ({ 'content-type': 'application/json', [CSRF_HEADER]: csrf, 'x-aiguillage-language': language });

export function onSignedOut(listener: () => void): void {
  signedOut.add(listener);
}

export function forget(): void {
  csrf = '';
  for (const listener of signedOut) listener();
}

export function serverTransport(): Transport {
  return {
    async call(method, input, language) {
      const response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf, 'x-aiguillage-language': language ?? 'en' },
        body: JSON.stringify(input ?? {}),
      });
      if (response.status === 401) forget();
      return response.json();
    },
  };
}

/** The page's own server: /me, /login, /logout and /password on its origin (the host answers /me with the app's page in browser mode). */
export const httpAccountDoor: AccountDoor = {
  async whoAmI() {
    const response = await fetch('/me', { headers: { accept: 'application/json' } });
    if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return 'no-server';
    if (!response.ok) return null;
    const me = ((await response.json()) as { value: SignedInAnswer }).value;
    csrf = me.csrf;
    return me;
  },

  async signIn(email, password, language, code) {
    const response = await fetch('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aiguillage-language': language },
      body: JSON.stringify({ email, password, code }),
    });
    const body = (await response.json()) as { ok: boolean; value?: SignedInAnswer; secondFactor?: boolean; error?: { message: string } };
    if (!response.ok || !body.value) return { ok: false, status: response.status, message: body.error?.message ?? response.statusText, secondFactor: body.secondFactor };
    csrf = body.value.csrf;
    return { ok: true, me: body.value };
  },

  async signOut() {
    await fetch('/logout', { method: 'POST', headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf }, body: '{}' });
    csrf = '';
  },

  /** The answer carries the field issues (current, next) a form shows. */
  async changePassword(current, next, language) {
    const response = await fetch('/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf, 'x-aiguillage-language': language },
      body: JSON.stringify({ current, next }),
    });
    return (await response.json()) as Result<null>;
  },
};

export interface Invitation {
  email: string;
  displayName: string;
  memberName: string;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; message: string; issues?: { path: string[]; message: string }[] };

/** A POST to one of the server's own paths that need no session (an invitation's or an answer link's), its refusal as status and message. */
export async function postWithoutSession<T>(path: string, body: object, language: string): Promise<Answer<T>> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aiguillage-language': language }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { ok: boolean; value?: T; error?: { message: string; issues?: { path: string[]; message: string }[] } };
  return answer.ok ? { ok: true, value: answer.value as T } : { ok: false, status: response.status, message: answer.error?.message ?? response.statusText, issues: answer.error?.issues };
}

/** Whom an invitation link is for, or why it cannot be used; reading it spends nothing. */
export const checkInvitation = (token: string, language: string) => postWithoutSession<Invitation>('/invitation/check', { token }, language);

/** Sets the password, spends the link and signs in (the session cookie comes back with the answer). */
export async function useInvitation(token: string, password: string, language: string): Promise<Answer<Me>> {
  const answer = await postWithoutSession<SignedInAnswer>('/invitation', { token, password }, language);
  if (answer.ok) csrf = answer.value.csrf;
  return answer;
}
