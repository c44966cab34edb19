/**
 * Server mode's side of the Api: the session cookie (HttpOnly, the page never sees it) goes with
 * every request by itself; the CSRF token /login and /me hand over is kept in memory only and
 * sent in a header on every call. A 401 means the session ended (timeout, sign-out elsewhere,
 * the user disabled): the listeners show the sign-in screen again.
 */
import type { Result, Transport } from './client';
import type { User } from '../../../core/users/store';

export type { User };
export interface Me {
  user: User;
  csrf: string;
  /** The methods this user's role may call: the menu shows only their views. */
  methods: string[];
}

export type SignInAnswer = { ok: true; me: Me } | { ok: false; status: number; message: string };

const CSRF_HEADER = 'x-aiguillage-csrf';
let csrf = '';
const signedOut = new Set<() => void>();

export function onSignedOut(listener: () => void): void {
  signedOut.add(listener);
}

function forget(): void {
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

/**
 * Who is signed in, null when nobody is (the sign-in screen shows), or 'no-server' when the page
 * is browser mode opened without its token (the host answers /me with the app's page).
 */
export async function whoAmI(): Promise<Me | null | 'no-server'> {
  const response = await fetch('/me', { headers: { accept: 'application/json' } });
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return 'no-server';
  if (!response.ok) return null;
  const me = ((await response.json()) as { value: Me }).value;
  csrf = me.csrf;
  return me;
}

export async function signIn(email: string, password: string, language: string): Promise<SignInAnswer> {
  const response = await fetch('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-aiguillage-language': language },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { ok: boolean; value?: Me; error?: { message: string } };
  if (!response.ok || !body.value) return { ok: false, status: response.status, message: body.error?.message ?? response.statusText };
  csrf = body.value.csrf;
  return { ok: true, me: body.value };
}

export async function signOut(): Promise<void> {
  await fetch('/logout', { method: 'POST', headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf }, body: '{}' });
  csrf = '';
}

/** The signed-in user's own new password; the answer carries the field issues (current, next) a form shows. */
export async function changePassword(current: string, next: string, language: string): Promise<Result<null>> {
  const response = await fetch('/password', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf, 'x-aiguillage-language': language },
    body: JSON.stringify({ current, next }),
  });
  return (await response.json()) as Result<null>;
}

export interface Invitation {
  email: string;
  displayName: string;
  memberName: string;
}

type Answer<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

async function postInvitation<T>(path: string, body: object, language: string): Promise<Answer<T>> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aiguillage-language': language }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  return answer.ok ? { ok: true, value: answer.value as T } : { ok: false, status: response.status, message: answer.error?.message ?? response.statusText };
}

/** Whom an invitation link is for, or why it cannot be used; reading it spends nothing. */
export const checkInvitation = (token: string, language: string) => postInvitation<Invitation>('/invitation/check', { token }, language);

/** Sets the password, spends the link and signs in (the session cookie comes back with the answer). */
export async function useInvitation(token: string, password: string, language: string): Promise<Answer<Me>> {
  const answer = await postInvitation<Me>('/invitation', { token, password }, language);
  if (answer.ok) csrf = answer.value.csrf;
  return answer;
}
