import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from './main';

// A real round trip: the CLI as a separate process on a real database file.
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [tsx, join(root, 'core', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });
}

/** The same entry in this process, with stdin given and stdout/stderr collected. */
async function run(args: string[], stdin = '') {
  const collect = () => Object.assign(new PassThrough(), { text: '' });
  const [out, err] = [collect(), collect()];
  out.on('data', (c: Buffer) => (out.text += c));
  err.on('data', (c: Buffer) => (err.text += c));
  const code = await runCli(args, out, err, Readable.from([stdin]));
  return { code, out: out.text, err: err.text };
}

// Each case spawns the CLI through tsx (a compile and a database open per process): seconds each.
describe('command-line entry', { timeout: 60_000 }, () => {
  it('creates a member, then lists it from a second process', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'aig-cli-')), 'cli.sqlite');
    const created = cli(
      'call',
      'members.create',
      JSON.stringify({ name: 'CLI Habitat', kind: 'agency', postalCode: '33000', city: 'Bordeaux', capacityPerWeek: 5, priorityCoefficient: 1, radiusKm: 20 }),
      '--db',
      db,
      '--no-demo',
    );
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 1, name: 'CLI Habitat', departement: '33' });
    const listed = execFileSync(process.execPath, [tsx, join(root, 'core', 'cli', 'main.ts'), 'call', 'members.list', '--db', db, '--no-demo'], { encoding: 'utf8' });
    expect(JSON.parse(listed).map((m: { name: string }) => m.name)).toEqual(['CLI Habitat']);
  });

  it('exits 1 with the structured error on stderr for invalid input', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'aig-cli-')), 'cli.sqlite');
    const result = cli('call', 'members.create', '{"name":"x"}', '--db', db, '--no-demo');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toMatchObject({ code: 'invalid_input', issues: expect.arrayContaining([{ path: ['name'], message: expect.any(String) }]) });
  });

  it('reads a large input from a file or stdin, which an argument cannot carry and the process list must not show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aig-cli-'));
    const db = join(dir, 'cli.sqlite');
    // ~200 KB of JSON: past what one argument may hold (E2BIG).
    const input = JSON.stringify({
      name: 'Fichier Habitat',
      kind: 'agency',
      postalCode: '33000',
      city: 'Bordeaux',
      capacityPerWeek: 5,
      priorityCoefficient: 1,
      radiusKm: 20,
      notes: 'x'.repeat(200_000),
    });
    expect(cli('call', 'members.create', input, '--db', db, '--no-demo').error).toMatchObject({ code: 'E2BIG' });
    writeFileSync(join(dir, 'member.json'), input);
    expect(await run(['call', 'members.create', '--input', join(dir, 'member.json'), '--db', db, '--no-demo'])).toMatchObject({ code: 0, out: expect.stringContaining('Fichier Habitat') });
    expect(await run(['call', 'members.create', '--input', '-', '--db', db, '--no-demo'], input.replace('Fichier', 'Entrée'))).toMatchObject({
      code: 0,
      out: expect.stringContaining('Entrée Habitat'),
    });
    expect(await run(['call', 'members.list', '-', '--db', db], '{"search":"entrée"}')).toMatchObject({ code: 0, out: expect.stringContaining('Entrée Habitat') });
    expect(await run(['call', 'members.list', '--input', join(dir, 'missing.json'), '--db', db])).toMatchObject({ code: 2, err: expect.stringContaining('Cannot read the input') });
    expect(await run(['call', 'members.list', '{}', '--input', '-', '--db', db])).toMatchObject({ code: 2 });
  }, 60_000);

  it('exits 2 on malformed JSON or a missing method', () => {
    expect(cli('call', 'members.create', '{nope').status).toBe(2);
    expect(cli('call').status).toBe(2);
    expect(cli('frobnicate').status).toBe(2);
  });

  // The demo's six months are played first: tens of seconds on a loaded machine.
  it('seeds the demo in a new database unless --no-demo, telling its progress on stderr', { timeout: 300_000 }, () => {
    const db = join(mkdtempSync(join(tmpdir(), 'aig-cli-')), 'demo.sqlite');
    const { stdout, stderr } = cli('call', 'app.info', '--db', db);
    expect(JSON.parse(stdout).memberCount).toBeGreaterThanOrEqual(55);
    expect(stderr).toContain('six months of history, day 0 of');
    expect(stderr).toContain('day 180 of');
  });

  it('lists the methods', () => {
    expect(cli('methods').stdout.split('\n')).toContain('members.create');
  });
});
