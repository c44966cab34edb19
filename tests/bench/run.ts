/**
 * `npm run bench [-- group...] [-- --json]`: every figure with the baseline measured in the same
 * run, their ratio, and its goal where the project set one. With --json, stdout carries only the
 * JSON array of figures ({ name, value, unit, baseline, ratio, goal? }); the readable lines go
 * to stderr.
 * Several groups run one after the other, each in a process of its own: a group's leftovers (the
 * places index, a 5,000-territory network, threads) do not weigh on the next one's garbage
 * collection and memory figures. A group alone runs in this process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goalMet, withRatio, type Figure, type Report } from './report';
import { benchMembers } from './members';
import { benchCoverage } from './coverage';
import { benchIntake } from './intake';
import { benchRouting } from './routing';
import { benchKpi } from './kpi';
import { benchJobs } from './jobs';
import { benchMap } from './map';
import { benchServer } from './server';
import { benchExtranet } from './extranet';

const json = process.argv.includes('--json');
/** Where a group run as a child of a whole run writes its figures (see runApart). */
const figuresTo = process.argv.find((a) => a.startsWith('--figures-to='))?.slice('--figures-to='.length);
// Progress lines (the benches' own and their libraries') must not mix with the JSON on stdout.
if (json) console.log = console.error;

const figures: Figure[] = [];
const report: Report = (f) => {
  const figure = withRatio(f);
  figures.push(figure);
  const met = goalMet(figure);
  const goal = met === null ? '' : `, goal ${format(figure.goal!)} ${figure.unit}: ${met ? 'met' : 'MISSED'}`;
  console.log(`${figure.name}: ${format(figure.value)} ${figure.unit}  (baseline ${format(figure.baseline)} ${figure.unit}, ratio ${figure.ratio.toFixed(2)}x${goal})`);
};

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3);
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const all: [string, (r: Report) => Promise<void>][] = [
  ['members', benchMembers],
  ['coverage', benchCoverage],
  ['routing', benchRouting],
  ['intake', benchIntake],
  ['kpi', benchKpi],
  ['jobs', benchJobs],
  ['map', benchMap],
  ['server', benchServer],
  ['extranet', benchExtranet],
];
// `npm run bench -- routing` runs one group; no name runs them all.
const benches = only.length ? all.filter(([name]) => only.includes(name)) : all;

if (benches.length === 1 || figuresTo) {
  for (const [name, bench] of benches) {
    if (!figuresTo) console.log(`\n# ${name}`);
    await bench(report);
  }
} else {
  for (const [name] of benches) runApart(name);
}

if (figuresTo) writeFileSync(figuresTo, JSON.stringify(figures));
else if (json) process.stdout.write(JSON.stringify(figures, null, 2) + '\n');

/** Runs one group in a child process (this script, under the same loader), its lines shown as it prints them, its figures added to these. */
function runApart(name: string): void {
  console.log(`\n# ${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'aig-bench-figures-'));
  const file = join(dir, 'figures.json');
  try {
    // With --json the child's readable lines go to stderr, as this process's do.
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name, `--figures-to=${file}`], { stdio: ['ignore', json ? 2 : 'inherit', 'inherit'] });
    if (child.status !== 0) throw new Error(`bench group ${name} failed (exit ${child.status ?? child.signal})`);
    figures.push(...(JSON.parse(readFileSync(file, 'utf8')) as Figure[]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
