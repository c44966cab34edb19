import { closeSync, mkdtempSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Result } from '../commands/errors';
import { validMember } from '../test-support';
import { numberedMapping as mapping, numberedRows } from '../intake/fixtures/numbered-rows';
import { Session } from './session';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const newPath = () => join(mkdtempSync(join(tmpdir(), 'aig-session-')), 'app.sqlite');
const open = (dbPath: string, now = NOW) => Session.open({ dbPath, demo: false, now: () => now });

async function value<T>(promise: Promise<Result<unknown>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

/** Overwrites the middle of the file with garbage, as a failing disk would. */
function damage(file: string): void {
  const fd = openSync(file, 'r+');
  const size = statSync(file).size;
  for (let at = 4096; at < size; at += 8192) writeSync(fd, Buffer.alloc(2048, 0xa5), 0, 2048, at);
  closeSync(fd);
}

describe('session', () => {
  it('restores a backup, keeps the replaced database, and the restore can be undone', async () => {
    const dbPath = newPath();
    const session = await open(dbPath);
    await value(session.call('members.create', { ...validMember, name: 'Avant' }));
    const before = await value<{ name: string }>(session.call('database.backup', {}));
    await value(session.call('members.create', { ...validMember, name: 'Après', phone: '0247000001' }));
    const names = async () => (await value<{ name: string }[]>(session.call('members.list', {}))).map((m) => m.name).sort();

    const restored = await value<{ restored: string; undo: string }>(session.call('database.restore', { name: before.name }));
    expect(await names()).toEqual(['Avant']);
    expect(restored.undo).toMatch(/^aiguillage-pre-restore-/);
    // The undo is restoring the database as it was just before.
    await value(session.call('database.restore', { name: restored.undo }));
    expect(await names()).toEqual(['Après', 'Avant']);
    session.close();
  });

  it('refuses to restore a backup while an import is running, and restores it once the import has ended', async () => {
    const dbPath = newPath();
    const session = await open(dbPath);
    const before = await value<{ name: string }>(session.call('database.backup', {}));
    const contentBase64 = Buffer.from(numberedRows(20_000)).toString('base64');
    const { jobId } = await value<{ jobId: string }>(session.call('intake.start', { fileName: 'calls.csv', contentBase64, sourceName: 'Test', mapping }));
    expect(await session.call('database.restore', { name: before.name })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('import') } });
    let state = await value<{ status: string }>(session.call('intake.progress', { jobId }));
    while (state.status === 'running') {
      await sleep(20);
      state = await value<{ status: string }>(session.call('intake.progress', { jobId }));
    }
    expect(state.status).toBe('completed');
    await value(session.call('database.restore', { name: before.name }));
    expect(await value<{ total: number }>(session.call('leads.list', { limit: 1 }))).toMatchObject({ total: 0 });
    session.close();
  }, 60_000);

  it('opens a damaged database in recovery: calls are refused, the backups offered, a restore brings it back', async () => {
    const dbPath = newPath();
    const first = await open(dbPath);
    await value(first.call('members.create', validMember));
    const backup = await value<{ name: string }>(first.call('database.backup', {}));
    first.close();
    damage(dbPath);

    const session = await open(dbPath, NOW + 60_000);
    expect(session.ctx).toBeNull();
    const status = await value<{ problem: { code: string } | null; backups: { name: string }[] }>(session.call('database.status', {}));
    expect(status.problem?.code).toBe('db_corrupt');
    expect(status.backups.map((b) => b.name)).toEqual([backup.name]);
    expect(await session.call('members.list', {}, { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'db_corrupt', message: expect.stringContaining('restaurez') } });

    const restored = await value<{ undo: string | null }>(session.call('database.restore', { name: backup.name }));
    expect(restored.undo).toBeNull();
    expect(await value<unknown[]>(session.call('members.list', {}))).toHaveLength(1);
    // The damaged file was set aside, not deleted.
    const after = await value<{ problem: unknown; backups: { kind: string }[] }>(session.call('database.status', {}));
    expect(after.problem).toBeNull();
    expect(after.backups.map((b) => b.kind).sort()).toEqual(['damaged', 'manual']);
    session.close();
  });

  it('opens a database from a newer app in recovery, and refuses to restore a damaged or unknown backup', async () => {
    const dbPath = newPath();
    const first = await open(dbPath);
    const good = await value<{ name: string }>(first.call('database.backup', {}));
    first.close();
    const raw = new Database(dbPath);
    raw.pragma('user_version = 999');
    raw.close();

    const session = await open(dbPath, NOW + 1000);
    expect((await value<{ problem: { code: string } }>(session.call('database.status', {}))).problem.code).toBe('db_too_new');
    expect(await session.call('database.restore', { name: 'aiguillage-daily-20260101T000000000Z.sqlite' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await session.call('database.restore', { name: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await value(session.call('database.restore', { name: good.name }));
    expect(session.ctx).not.toBeNull();
    // The too-new file set aside cannot be restored by this app.
    const damaged = (await value<{ backups: { name: string; kind: string }[] }>(session.call('database.status', {}))).backups.find((b) => b.kind === 'damaged')!;
    expect(await session.call('database.restore', { name: damaged.name })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('newer version') } });
    session.close();
  });
});
