/**
 * The lists of unit test files kept off the PostgreSQL pass (tests/engines/): every line names a
 * test file that exists, once, in one list only, so a renamed or deleted file cannot leave a
 * stale line behind and the pending list can only shrink by files passing on PostgreSQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
/** The file's paths, by block (blocks are separated by a blank line, each under its own comment). */
const blocks = (name: string) =>
  readFileSync(join(repo, 'tests', 'engines', name), 'utf8')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean),
    );
const read = (name: string) => blocks(name).flat();

describe('the PostgreSQL pass lists', () => {
  const pending = read('postgres-pending.txt');
  const sqliteOnly = read('sqlite-only.txt');

  it.each([
    ['postgres-pending.txt', pending],
    ['sqlite-only.txt', sqliteOnly],
  ])('%s names existing unit test files, each once, in order within each block', (name, files) => {
    expect(files.filter((f) => !f.endsWith('.test.ts') || !existsSync(join(repo, f)))).toEqual([]);
    expect(new Set(files).size).toBe(files.length);
    for (const block of blocks(name)) expect(block).toEqual([...block].sort());
  });

  it('keep a file in one list at most', () => {
    expect(pending.filter((f) => sqliteOnly.includes(f))).toEqual([]);
  });
});
