/**
 * `aiguillage serve` as separate processes and people calling it over HTTP, each with their own
 * session cookie, CSRF token and kept-alive connection, as browsers do: for the server benches
 * (tests/bench/server*.ts, extranet.ts) and the tests that need several server processes on one
 * PostgreSQL database (claims racing across processes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeAt } from '../core/users/second-factor-fixture';
import { CSRF_HEADER } from './accounts';

const root = join(import.meta.dirname, '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface Signed {
  base: string;
  /** Each person's own connection, kept alive between calls, as each person's browser keeps one. */
  agent: Agent;
  cookie: string;
  csrf: string;
}

export class CallFailed extends Error {}

export type Answer = { status: number; cookie?: string; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };

/**
 * One POST on the person's connection. A kept-alive connection the server closed for idling
 * (5 s) just as the request went out fails with ECONNRESET; a browser sends the request again
 * on a new connection, and so does this (Node's documented pattern, request.reusedSocket).
 */
export function post(base: string, agent: Agent, path: string, body: unknown, headers: Record<string, string> = {}, retried = false): Promise<Answer> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(base + path, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, cookie: res.headers['set-cookie']?.[0]?.split(';')[0], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' && req.reusedSocket && !retried) resolve(post(base, agent, path, body, headers, true));
      else reject(new CallFailed(`${path}: ${error.message}`));
    });
    req.end(data);
  });
}

export async function signIn(base: string, user: { email: string; password: string }): Promise<Signed> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const res = await post(base, agent, '/login', { email: user.email, password: user.password });
  const value = res.body.value as { csrf: string } | undefined;
  if (res.status !== 200 || !value || !res.cookie) throw new CallFailed(`sign-in of ${user.email} refused (${res.status})`);
  return { base, agent, cookie: res.cookie, csrf: value.csrf };
}

/**
 * A member administrator's first sign-in: the two-step set-up the server requires before anything
 * else (host/second-factor.ts), as the person does it with their authenticator app.
 */
export async function setUpSecondFactor(s: Signed): Promise<void> {
  const headers = { cookie: s.cookie, [CSRF_HEADER]: s.csrf };
  const started = await post(s.base, s.agent, '/second-factor/start', {}, headers);
  const secret = (started.body.value as { secret: string } | undefined)?.secret;
  const confirmed = secret ? await post(s.base, s.agent, '/second-factor/confirm', { code: codeAt(secret, Date.now()) }, headers) : started;
  if (!confirmed.body.ok) throw new CallFailed(`two-step set-up refused (${confirmed.status}): ${confirmed.body.error?.message}`);
}

/** A command as the signed-in person, its whole answer. */
export function tryCall(s: Signed, method: string, input: unknown): Promise<Answer> {
  return post(s.base, s.agent, `/api/${method}`, input, { cookie: s.cookie, [CSRF_HEADER]: s.csrf });
}

/** A command as the signed-in person; a refusal throws. */
export async function call(s: Signed, method: string, input: unknown): Promise<unknown> {
  const res = await tryCall(s, method, input);
  if (!res.body.ok) throw new CallFailed(`${method} ${JSON.stringify(input)}: ${res.status} ${res.body.error?.message}`);
  return res.body.value;
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
}

/** Starts `aiguillage serve` on the database, on a free port, without the demo; resolves with its address once it listens. */
export function startServer(database: string, dir: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, join(root, 'host', 'serve.ts'), '--database', database, '--listen', '127.0.0.1:0', '--no-demo', '--secret-key', join(dir, 'secret-key'), '--backups', join(dir, 'backups')],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /Listening on (http:\/\/[^\s]+)/.exec(out);
      if (listening) resolve({ child, base: listening[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the server stopped (${code}) before listening:\n${out}`)));
  });
}

/** Stops the servers (SIGTERM: each finishes its requests and closes its database). */
export function stopServers(servers: ServerProcess[]): Promise<unknown> {
  return Promise.all(servers.map(({ child }) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
}
