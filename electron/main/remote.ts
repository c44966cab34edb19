/**
 * The desktop app's connection to an Aiguillage server (docs/design/remote.md). The main process
 * speaks to the server as the browser does in server mode: POST /login gives a session cookie
 * and a CSRF token, every command is a POST /api/<method> carrying both. The cookie and the token
 * live in this object only (memory): the renderer never sees them, nothing writes them to disk,
 * and the password passes through once, to /login. Plain Node (fetch), no Electron: the unit
 * tests run it against a real host.
 */
import type { Result } from '../../core/commands/errors';
import type { User } from '../../core/users/store';
import type { SignedInUser } from '../preload/account-protocol';

export const CSRF_HEADER = 'x-aiguillage-csrf';
const LANGUAGE_HEADER = 'x-aiguillage-language';
/** The session cookie's name over HTTP, or with the __Host- prefix the server gives it under HTTPS. */
const SESSION_COOKIE = /^(__Host-)?aiguillage_session$/;
/** Reaching the server or signing in: a person is waiting for the answer. */
const QUICK_MS = 15_000;
/** A command may be a large import's preview: long, but never forever. */
const CALL_MS = 10 * 60_000;

export type CheckAnswer = { ok: true } | { ok: false; problem: 'unreachable' | 'notAiguillage'; detail: string };
export type SignInAnswer = { ok: true; me: SignedInUser } | { ok: false; status: number; message: string };
/** A command's answer; `signedOut` when the server no longer knows the session (timeout, disabled, signed out elsewhere). */
export type RemoteResult = Result<unknown> & { signedOut?: true };

type Fetch = typeof fetch;

export class RemoteConnection {
  private cookie: string | null = null;
  private csrf = '';
  private signedIn: SignedInUser | null = null;

  constructor(
    readonly origin: string,
    private readonly fetcher: Fetch = fetch,
  ) {}

  /** Who is signed in through this connection, or null. */
  get me(): SignedInUser | null {
    return this.signedIn;
  }

  /** Whether an Aiguillage server answers at the address: its /me says "sign in first" in JSON. */
  async check(): Promise<CheckAnswer> {
    let response: Response;
    try {
      response = await this.request('/me', { method: 'GET' }, QUICK_MS);
    } catch (error) {
      return { ok: false, problem: 'unreachable', detail: reason(error) };
    }
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
    const body = json ? ((await response.json().catch(() => null)) as { ok?: unknown } | null) : null;
    // 401 with {ok: false}: a server in server mode. Browser mode answers its page instead, anything else is not ours.
    if ((response.status === 401 || response.status === 200) && body && typeof body.ok === 'boolean') return { ok: true };
    return { ok: false, problem: 'notAiguillage', detail: `HTTP ${response.status}` };
  }

  async signIn(email: string, password: string, language: string): Promise<SignInAnswer> {
    this.forget();
    let response: Response;
    try {
      response = await this.request('/login', { method: 'POST', headers: { [LANGUAGE_HEADER]: language }, body: JSON.stringify({ email, password }) }, QUICK_MS);
    } catch (error) {
      return { ok: false, status: 0, message: reason(error) };
    }
    const body = (await response.json().catch(() => ({}))) as { value?: { user: User; csrf: string; methods: string[] }; error?: { message: string } };
    const cookie = sessionCookie(response);
    if (!response.ok || !body.value || !cookie) return { ok: false, status: response.status, message: body.error?.message ?? `HTTP ${response.status}` };
    this.cookie = cookie;
    this.csrf = body.value.csrf;
    this.signedIn = { user: body.value.user, methods: body.value.methods };
    return { ok: true, me: this.signedIn };
  }

  async call(method: string, input: unknown, language: string): Promise<RemoteResult> {
    if (!this.cookie) return signedOut('Sign in to the server first.');
    let response: Response;
    try {
      response = await this.request(`/api/${encodeURIComponent(method)}`, { method: 'POST', headers: this.sessionHeaders(language), body: JSON.stringify(input ?? {}) }, CALL_MS);
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `Cannot reach ${this.origin}: ${reason(error)}` } };
    }
    const body = (await response.json().catch(() => null)) as Result<unknown> | null;
    if (response.status === 401) {
      this.forget();
      return { ...signedOut(body && !body.ok ? body.error.message : 'Sign in first.') };
    }
    return body ?? { ok: false, error: { code: 'internal', message: `The server answered HTTP ${response.status} without a result.` } };
  }

  /** The user's own new password (POST /password); the answer's issues are the form's. */
  async changePassword(current: string, next: string, language: string): Promise<Result<null>> {
    if (!this.cookie) return signedOut('Sign in to the server first.');
    try {
      const response = await this.request('/password', { method: 'POST', headers: this.sessionHeaders(language), body: JSON.stringify({ current, next }) }, QUICK_MS);
      return (await response.json()) as Result<null>;
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `Cannot reach ${this.origin}: ${reason(error)}` } };
    }
  }

  /** Ends the session on the server (best effort: unreachable, it ends there by its timeout) and forgets it here. */
  async signOut(): Promise<void> {
    if (this.cookie) await this.request('/logout', { method: 'POST', headers: this.sessionHeaders('en'), body: '{}' }, QUICK_MS).catch(() => undefined);
    this.forget();
  }

  private forget(): void {
    this.cookie = null;
    this.csrf = '';
    this.signedIn = null;
  }

  private sessionHeaders(language: string): Record<string, string> {
    return { cookie: this.cookie ?? '', [CSRF_HEADER]: this.csrf, [LANGUAGE_HEADER]: language };
  }

  /**
   * One request to the server's origin, never followed elsewhere: a redirect would carry the
   * password or the cookie to an address nobody checked, so it is an error.
   */
  private request(path: string, init: { method: string; headers?: Record<string, string>; body?: string }, timeoutMs: number): Promise<Response> {
    return this.fetcher(new URL(path, this.origin), {
      method: init.method,
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  }
}

/** The session cookie's name=value from a sign-in answer (its attributes are the server's business). */
function sessionCookie(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0]!.trim();
    const name = pair.slice(0, pair.indexOf('='));
    if (SESSION_COOKIE.test(name) && pair.length > name.length + 1) return pair;
  }
  return null;
}

const signedOut = (message: string): Result<never> & { signedOut: true } => ({ ok: false, error: { code: 'forbidden', message }, signedOut: true });

/** fetch's "fetch failed" hides the cause (refused, unknown host, certificate): name it. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
