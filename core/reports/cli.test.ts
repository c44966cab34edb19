import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';

const sink = () => {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
  return { stream, text: () => text };
};

describe('aiguillage report', () => {
  it('writes the monthly report of a month to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aig-report-'));
    const file = join(dir, 'october.xlsx');
    const out = sink();
    const err = sink();
    const code = await runCli(['report', '2026-10', '--format', 'xlsx', '--out', file, '--db', join(dir, 'db.sqlite')], out.stream as never, err.stream as never);
    expect(err.text()).toBe('');
    expect(code).toBe(0);
    expect(out.text().trim()).toBe(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a malformed month', async () => {
    const err = sink();
    expect(await runCli(['report', 'octobre'], sink().stream as never, err.stream as never)).toBe(2);
  });
});
