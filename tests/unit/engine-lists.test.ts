/**
 * The lists of unit test files kept off the PostgreSQL pass (tests/engines/): every line names a
 * test file that exists, once, in one list only, so a renamed or deleted file cannot leave a
 * stale line behind and the pending list can only shrink by files passing on PostgreSQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const read = (name: string) =>
  readFileSync(join(repo, 'tests', 'engines', name), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);

describe('the PostgreSQL pass lists', () => {
  const pending = read('postgres-pending.txt');
  const sqliteOnly = read('sqlite-only.txt');

  it.each([
    ['postgres-pending.txt', pending],
    ['sqlite-only.txt', sqliteOnly],
  ])('%s names existing unit test files, each once, in order', (_name, files) => {
    expect(files.filter((f) => !f.endsWith('.test.ts') || !existsSync(join(repo, f)))).toEqual([]);
    expect(new Set(files).size).toBe(files.length);
    expect(files).toEqual([...files].sort());
  });

  it('keep a file in one list at most', () => {
    expect(pending.filter((f) => sqliteOnly.includes(f))).toEqual([]);
  });
});
