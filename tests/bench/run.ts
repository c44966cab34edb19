/**
 * `npm run bench [-- group...] [-- --json]`: every figure with the baseline measured in the same
 * run, their ratio, and its goal where the project set one. With --json, stdout carries only the
 * JSON array of figures ({ name, value, unit, baseline, ratio, goal? }); the readable lines go
 * to stderr.
 */
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

for (const [name, bench] of benches) {
  console.log(`\n# ${name}`);
  await bench(report);
}

if (json) process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
