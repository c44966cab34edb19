import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHost, readBody, TOKEN_HEADER, type Host } from './server';
import { testContext } from '../core/test-support';
import { dispatch } from '../core/commands/dispatch';
import { MAX_REQUEST_BYTES } from '../core/commands/limits';

let host: Host;
let origin: string;
let staticDir: string;
/** What the host wrote to its log. */
let logged: unknown[][];

beforeEach(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'aig-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Aiguillage</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const ctx = testContext();
  logged = [];
  host = createHost({ call: async (method, input, options) => dispatch(ctx, method, input, options), staticDir, token: 'secret-token', log: (...entry) => logged.push(entry) });
  origin = await host.listen(0);
});
afterEach(() => host.close());

/** A raw request, so tests can send any Host and Origin headers, as a hostile page would. */
function send(path: string, { method = 'POST', headers = {}, body = '{}' }: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(path, origin);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: url.pathname, method, headers: { host: url.host, ...headers } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

const json = { 'content-type': 'application/json' };

describe('browser host', () => {
  it('answers a command called with the token', async () => {
    const res = await send('/api/app.info', { headers: { ...json, [TOKEN_HEADER]: 'secret-token', origin } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { name: 'Aiguillage' } });
  });

  it('refuses a call without the token or with a wrong one', async () => {
    expect((await send('/api/app.info', { headers: json })).status).toBe(401);
    expect((await send('/api/app.info', { headers: { ...json, [TOKEN_HEADER]: 'secret-tokem' } })).status).toBe(401);
  });

  it('refuses a call from another origin even with the token', async () => {
    const res = await send('/api/app.info', { headers: { ...json, [TOKEN_HEADER]: 'secret-token', origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    const res = await send('/api/app.info', { headers: { ...json, [TOKEN_HEADER]: 'secret-token', host: 'evil.example:80' } });
    expect(res.status).toBe(421);
  });

  it('refuses GET on the API and non-JSON bodies', async () => {
    expect((await send('/api/app.info', { method: 'GET', headers: { [TOKEN_HEADER]: 'secret-token' } })).status).toBe(405);
    expect((await send('/api/app.info', { headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: 'secret-token' } })).status).toBe(415);
    expect((await send('/api/app.info', { headers: { ...json, [TOKEN_HEADER]: 'secret-token' }, body: '{oops' })).status).toBe(400);
  });

  it('returns validation errors as data', async () => {
    const res = await send('/api/members.create', { headers: { ...json, [TOKEN_HEADER]: 'secret-token' }, body: '{"name":"x"}' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const fr = await send('/api/members.create', { headers: { ...json, [TOKEN_HEADER]: 'secret-token', 'x-aiguillage-language': 'fr' }, body: '{"name":"x"}' });
    expect(JSON.parse(fr.body).error.message).toMatch(/^Saisie invalide/);
  });

  it('serves the renderer with a strict CSP and falls back to index.html', async () => {
    const index = await send('/', { method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("object-src 'none'");
    const js = await send('/assets/app.js', { method: 'GET' });
    expect(js.headers['content-type']).toContain('javascript');
    expect((await send('/some/route', { method: 'GET' })).body).toContain('<title>Aiguillage</title>');
  });

  it('never serves a file outside the renderer folder', async () => {
    const res = await send('/..%2f..%2f..%2fetc%2fpasswd', { method: 'GET' });
    expect(res.body).not.toContain('root:');
  });

  it('answers a malformed %-escape with a 400 and logs nothing, before and after the token check', async () => {
    for (const path of ['/api/app.info%E0%A4%A', '/api/%', '/assets/%zz.js']) {
      const res = await send(path, { method: path.startsWith('/api') ? 'POST' : 'GET', headers: json });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Malformed URL.' } });
    }
    expect(logged).toEqual([]);
  });

  it('answers a body over the limit with a 413 and a JSON error, not a connection reset', async () => {
    const body = `{"name":"${'x'.repeat(MAX_REQUEST_BYTES)}"}`;
    const res = await send('/api/members.create', { headers: { ...json, [TOKEN_HEADER]: 'secret-token' }, body });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'The request is larger than 64 MB, the most the app can receive.' } });
    // The connection is still good for the next call.
    expect((await send('/api/app.info', { headers: { ...json, [TOKEN_HEADER]: 'secret-token' } })).status).toBe(200);
  });

  it('settles the body of a request cut off or past the drain limit instead of waiting forever', async () => {
    const chunks = () => Readable.from([Buffer.alloc(10, 'a'), Buffer.alloc(10, 'b'), Buffer.alloc(10, 'c')], { objectMode: false });
    expect(await readBody(chunks(), 100, 1000)).toBe('a'.repeat(10) + 'b'.repeat(10) + 'c'.repeat(10));
    expect(await readBody(chunks(), 5, 1000)).toBeNull();
    // Past the drain limit the stream is destroyed: no 'end' follows, only 'close'.
    expect(await readBody(chunks(), 5, 15)).toBeNull();
    // A client gone mid-upload.
    const cut = new Readable({ read() {} });
    const body = readBody(cut);
    cut.push('{"partial":');
    cut.destroy();
    expect(await body).toBeNull();
  });
});
