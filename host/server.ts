/**
 * The HTTP host: serves the built renderer and the command table. Two guards decide who may
 * call: browser mode's per-run token (one person on this machine; another local user or a web
 * page cannot drive it without it) and server mode's accounts (host/accounts.ts: sign-in,
 * session cookie, CSRF token, roles). Either way every API call must come from the host's own
 * origin and name the host by an address it answers to (which defeats DNS rebinding).
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { CallOptions } from '../core/app/session';
import type { Result } from '../core/commands/errors';
import { MAX_REQUEST_BYTES } from '../core/commands/limits';
import { CONTENT_SECURITY_POLICY } from './csp';
import { isLanguage } from '../core/language';

/** Past this, an oversize body is not even read to its end. */
const DRAIN_LIMIT = 16 * MAX_REQUEST_BYTES;

export const TOKEN_HEADER = 'x-aiguillage-token';
export const LANGUAGE_HEADER = 'x-aiguillage-language';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};

/** What a guard lets through: the options of the call (who is calling, what to record), from its input. */
export type Admitted =
  | {
      ok: true;
      options: (input: unknown) => CallOptions;
      /** Sees the answer before it goes out (server mode writes a refused extranet call to the audit log). */
      after?: (input: unknown, result: Result<unknown>) => void;
    }
  | { ok: false; status: number; message: string };

/** Who may call the API. */
export interface Guard {
  check(req: IncomingMessage, method: string): Admitted;
  /** Paths of its own (sign-in, sign-out, who am I), answered before the API and the files; true when it answered. */
  route?(req: IncomingMessage, res: ServerResponse, pathname: string, reply: Reply): Promise<boolean>;
}

export type Reply = (res: ServerResponse, status: number, body: unknown, headers?: OutgoingHttpHeaders) => void;

export interface HostOptions {
  /** The core's entry point (a Session's call): method, input, options -> result. */
  call: (method: string, input: unknown, options: CallOptions) => Promise<Result<unknown>>;
  staticDir: string;
  /** Browser mode's per-run token; ignored when a guard is given. */
  token?: string;
  /** Server mode's accounts; browser mode's token guard when absent. */
  guard?: Guard;
  /** Certificate and key (PEM): serve HTTPS. */
  tls?: { cert: Buffer; key: Buffer };
  /** The address people use when a reverse proxy stands in front (https://aiguillage.example.fr): its host and origin are accepted too. */
  publicOrigin?: string;
  log?: (message: string, error?: unknown) => void;
}

export interface Host {
  server: Server;
  token: string;
  listen(port: number, hostname?: string): Promise<string>;
  close(): Promise<void>;
}

export function tokenGuard(token: string): Guard {
  const expected = Buffer.from(token);
  return {
    check(req) {
      const given = req.headers[TOKEN_HEADER];
      const a = typeof given === 'string' ? Buffer.from(given) : null;
      if (a && a.length === expected.length && timingSafeEqual(a, expected)) return { ok: true, options: () => ({}) };
      return { ok: false, status: 401, message: 'Missing or wrong session token.' };
    },
  };
}

export function createHost({ call, staticDir, token = randomBytes(24).toString('base64url'), guard = tokenGuard(token), tls, publicOrigin, log = console.error }: HostOptions): Host {
  let origin = '';
  /** The origins (scheme, host, port) the API answers: its own, by 127.0.0.1 or localhost, and the public one. */
  const origins = () => [origin, origin.replace('127.0.0.1', 'localhost'), ...(publicOrigin ? [new URL(publicOrigin).origin] : [])];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error) => {
      log('host: request failed', error);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'Request failed.' } });
    });
  };
  const server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, onRequest) : createServer(onRequest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!origins().some((o) => new URL(o).host === host)) {
      return send(res, 421, { ok: false, error: { code: 'forbidden', message: 'Wrong host.' } });
    }
    const url = new URL(req.url ?? '/', origin);
    // A malformed %-escape is the client's mistake: a 400, not an exception logged with its stack.
    const pathname = decodePath(url.pathname);
    if (pathname === null) return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Malformed URL.' } });
    if (guard.route && !sameOrigin(req)) return send(res, 403, { ok: false, error: { code: 'forbidden', message: 'Cross-origin calls are refused.' } });
    if (guard.route && (await guard.route(req, res, pathname, send))) return;
    if (pathname.startsWith('/api/')) return api(req, res, pathname.slice(5));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'forbidden', message: 'Method not allowed.' } });
    return serveStatic(res, pathname);
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'forbidden', message: 'Use POST.' } });
    if (!sameOrigin(req)) return send(res, 403, { ok: false, error: { code: 'forbidden', message: 'Cross-origin calls are refused.' } });
    const admitted = guard.check(req, method);
    if (!admitted.ok) return send(res, admitted.status, { ok: false, error: { code: 'forbidden', message: admitted.message } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, { ok: false, error: { code: 'invalid_input', message: 'Send application/json.' } });
    }
    const body = await readBody(req);
    if (body === null) return send(res, 413, { ok: false, error: { code: 'invalid_input', message: `The request is larger than ${MAX_REQUEST_BYTES / 1_048_576} MB, the most the app can receive.` } });
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body) : {};
    } catch {
      return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Body is not valid JSON.' } });
    }
    const language = req.headers[LANGUAGE_HEADER];
    const result = await call(method, input, { ...admitted.options(input), log, language: isLanguage(language) ? language : 'en' });
    admitted.after?.(input, result);
    send(res, 200, result);
  }

  /** A browser names the page's origin on every POST; a request without one (a script, a test) has none to check. */
  function sameOrigin(req: IncomingMessage): boolean {
    const given = req.headers.origin;
    return given === undefined || origins().includes(given);
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = normalize(pathname).replace(/^([/\\])+/, '');
    let file = join(staticDir, rel || 'index.html');
    if (!file.startsWith(staticDir + sep) && file !== staticDir) return send(res, 404, { ok: false, error: { code: 'not_found', message: 'Not found.' } });
    const info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) file = join(staticDir, 'index.html');
    const data = await readFile(file).catch(() => null);
    if (!data) return send(res, 404, { ok: false, error: { code: 'not_found', message: 'Renderer not built: run npm run build.' } });
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(data);
  }

  return {
    server,
    token,
    listen: (port, hostname = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, hostname, () => {
          const address = server.address();
          if (address === null || typeof address === 'string') return reject(new Error('no address'));
          origin = `${tls ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
          resolve(origin);
        });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const send: Reply = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/**
 * The body as text, or null when it is over the limit or the connection closed before its end.
 * An oversize body is still read to its end (and dropped), so the client gets the 413 instead of
 * a connection reset mid-upload; only past `drain` is the connection cut. A cut or aborted
 * connection emits neither 'end' nor always 'error', only 'close': the promise settles on it
 * too, so no request is left waiting forever (the answer then goes nowhere).
 */
export function readBody(req: Readable, limit = MAX_REQUEST_BYTES, drain = DRAIN_LIMIT): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drain) req.destroy();
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => resolve(null));
  });
}
