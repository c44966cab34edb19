/**
 * `npm run bench [-- --json]`: every figure with the baseline measured in the same run and
 * their ratio. --json writes bench-results.json (name, value, unit, baseline, ratio).
 */
import { writeFileSync } from 'node:fs';
import type { Figure, Report } from './report';
import { benchMembers } from './members';
import { benchCoverage } from './coverage';
import { benchIntake } from './intake';
import { benchRouting } from './routing';
import { benchKpi } from './kpi';

const figures: Figure[] = [];
const report: Report = (name, value, unit, baseline, ratio) => {
  figures.push({ name, value, unit, baseline, ratio });
  console.log(`${name}: ${format(value)} ${unit}  (baseline ${format(baseline)} ${unit}, ratio ${ratio.toFixed(2)}x)`);
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
];
// `npm run bench -- routing` runs one group; no name runs them all.
const benches = only.length ? all.filter(([name]) => only.includes(name)) : all;

for (const [name, bench] of benches) {
  console.log(`\n# ${name}`);
  await bench(report);
}

if (process.argv.includes('--json')) {
  writeFileSync('bench-results.json', JSON.stringify(figures, null, 2) + '\n');
  console.log('\nWrote bench-results.json');
}
