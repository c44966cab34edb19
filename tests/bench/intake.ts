/**
 * Importing 100,000 call-center rows through intake.run (decode, parse, normalise, geocode,
 * dedup, score, insert with events, in batches) against raw prepared inserts of the same
 * already-normalised rows into the same table in one transaction, measured in the same run.
 * Goal (issue 19): under 3 s end to end.
 * intake.run is the figure the issue names, but not what a person waits for in the app: there,
 * intake.start reads and normalises the file in the worker thread while the writing thread
 * commits the rows, this thread staying free. So the same file is also imported that way,
 * timed from intake.start to the completed job against the same baseline (`import 100k rows in
 * the background`). Then as the app runs it after a preview (intake.preview, then intake.start),
 * with the event loop's longest stall measured by perf_hooks.monitorEventLoopDelay; its baseline
 * is the stall of the blocking import above (intake.run holds the loop for its whole duration).
 * Goal (issue 15): < 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../core/db/connection';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispatch, dispatchAsync } from '../../core/commands/dispatch';
import { insertLead } from '../../core/leads/store';
import type { ImportReport } from '../../core/intake/store';
import { prepareImport } from '../../core/intake/pipeline';
import { proposeMapping } from '../../core/intake/mapping';
import { median, time, type Report } from './report';

const N = 100_000;
const NOW = Date.UTC(2026, 10, 23, 9, 0);
const HEADERS = ['Civilité', 'Prénom', 'Nom', 'Téléphone', 'E-mail', 'Code postal', 'Ville', 'Date de la demande', 'Source', 'Produit', 'Commentaire'];
const FIRST = ['Jean', 'Marie', 'Pierre', 'Sophie', 'Nicolas', 'Camille', 'Thomas', 'Élodie', 'Louis', 'Chloé'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Roux', 'Fournier', 'Morel', 'Garnier', 'Faure', 'Mercier'];
const PLACES = [
  ['75011', 'Paris'],
  ['69003', 'Lyon'],
  ['13001', 'Marseille'],
  ['31000', 'Toulouse'],
  ['44000', 'Nantes'],
  ['37000', 'Tours'],
  ['1000', 'Bourg-en-Bresse'],
  ['59000', 'Lille'],
  ['33000', 'Bordeaux'],
  ['67000', 'Strasbourg'],
];
const SYLLABLES = ['ber', 'lan', 'mo', 'ri', 'gau', 'ch', 'vil', 'lard', 'det', 'on', 'ta', 'nier', 'bou', 'ché', 'fer', 'rand', 'sal', 'vet', 'cou', 'tin'];
const SOURCES = ['Appel entrant', 'Site web', 'Salon', 'Partenaire'];

/** A call-center export: French headers, mixed phone formats, a few bad rows and duplicates. */
export function callCenterCsv(n: number): string {
  const lines = [HEADERS.join(';')];
  for (let i = 0; i < n; i++) {
    const k = i % 50 === 49 ? i - 1 : i; // every 50th row calls again: same person, same phone
    const [cp, city] = PLACES[k % PLACES.length]!;
    const num = String(10_000_000 + ((k * 7919) % 90_000_000)).padStart(8, '0');
    const phone = k % 3 === 0 ? `06 ${num.slice(0, 2)} ${num.slice(2, 4)} ${num.slice(4, 6)} ${num.slice(6)}` : k % 3 === 1 ? `+33 7${num}` : `07${num}`;
    const email = i % 4 === 0 ? '' : `client${i}@exemple.fr`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const comment = i % 10 === 0 ? '"Rappeler; après 18h"' : '';
    lines.push(
      `${i % 2 ? 'M.' : 'Mme'};${FIRST[i % FIRST.length]};${surname(i)};${i % 500 === 7 ? '01 23' : phone};${email};${cp};${city};${day}/10/2026 ${String(8 + (i % 10)).padStart(2, '0')}:15;${SOURCES[i % 4]};Pompe à chaleur;${comment}`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Mostly distinct surnames (like a real export), with a duplicate every 50 rows. */
function surname(i: number): string {
  const k = i % 50 === 49 ? i - 1 : i;
  const s = SYLLABLES.length;
  return (LAST[k % LAST.length]! + '-' + SYLLABLES[Math.floor(k / 12) % s]! + SYLLABLES[Math.floor(k / 240) % s]! + SYLLABLES[Math.floor(k / 4800) % s]!).toUpperCase();
}

function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'aig-bench-intake-'));
  return { db: openDatabase(join(dir, 'bench.sqlite')), dir };
}

/** The file's columns mapped as the import proposes them (French headers, every one known). */
const MAPPING = proposeMapping(HEADERS);

/** Collects the garbage the run before left (the baseline's 100,000 normalised rows), so none is collected during the next one. */
const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function importOnce(contentBase64: string): { ms: number; report: ImportReport } {
  collectGarbage();
  const { db, dir } = freshDb();
  const ctx = { db, dbPath: dir, actor: 'bench', now: () => NOW };
  let report: ImportReport | undefined;
  const mapping = MAPPING;
  const ms = time(() => {
    const result = dispatch(ctx, 'intake.run', { fileName: 'bench.csv', contentBase64, sourceName: 'Bench', mapping });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    report = result.value as ImportReport;
  });
  db.close();
  rmSync(dir, { recursive: true });
  return { ms, report: report! };
}

/** The baseline's rows are normalised for each run and let go after it: held through the imports, their heap (some 150 MB) slowed the imports' garbage collection. */
function rawOnce(content: Buffer): number {
  const rows = prepareImport('bench.csv', content, null, { now: NOW, sourceName: 'Bench' }).rows;
  const { db, dir } = freshDb();
  collectGarbage();
  const ms = time(() =>
    db.transaction(() => {
      for (const r of rows) if (r.fields) insertLead(db, { fields: r.fields, score: 0, scoreBreakdown: [] }, NOW);
    })(),
  );
  db.close();
  rmSync(dir, { recursive: true });
  return ms;
}

/**
 * The app's way of importing: intake.start, then intake.progress polled as the window does until
 * the job completes, with the event loop's longest stall meanwhile. With `preview`, intake.preview
 * first (the worker keeps the file it parsed for the import). `ms` runs from intake.start to the
 * completed job: without a preview, the worker decodes and parses the file within it.
 */
async function backgroundImport(contentBase64: string, preview: boolean): Promise<{ ms: number; lag: number }> {
  collectGarbage();
  const { db, dir } = freshDb();
  const ctx = { db, dbPath: dir, actor: 'bench', now: () => NOW };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  if (preview) {
    const previewed = await dispatchAsync(ctx, 'intake.preview', { fileName: 'bench.csv', contentBase64, sourceName: 'Bench' });
    if (!previewed.ok) throw new Error(JSON.stringify(previewed.error));
  }
  const start = performance.now();
  const started = dispatch(ctx, 'intake.start', { fileName: 'bench.csv', contentBase64, sourceName: 'Bench', mapping: MAPPING });
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const { jobId } = started.value as { jobId: string };
  let state: { status: string; report?: ImportReport } = { status: 'running' };
  while (state.status === 'running') {
    await sleep(20);
    const polled = dispatch(ctx, 'intake.progress', { jobId });
    if (!polled.ok) throw new Error(JSON.stringify(polled.error));
    state = polled.value as typeof state;
  }
  const ms = performance.now() - start;
  delay.disable();
  if (state.status !== 'completed') throw new Error(`background import ended ${JSON.stringify(state)}`);
  const { accepted, warned, rejected } = state.report!.counts;
  if (accepted + warned + rejected !== N) throw new Error('rows lost in the background import');
  db.close();
  rmSync(dir, { recursive: true });
  return { ms, lag: delay.max / 1e6 };
}

export async function benchIntake(report: Report): Promise<void> {
  const csv = callCenterCsv(N);
  const content = Buffer.from(csv, 'utf8');
  const contentBase64 = content.toString('base64');
  const imports: number[] = [];
  const raws: number[] = [];
  let last: ImportReport | undefined;
  for (let round = 0; round < 3; round++) {
    const { ms, report: r } = importOnce(contentBase64);
    imports.push(ms);
    last = r;
    raws.push(rawOnce(content));
  }
  if (last!.counts.accepted + last!.counts.warned + last!.counts.rejected !== N) throw new Error('rows lost in the bench import');
  report({ name: 'import 100k rows', value: median(imports), unit: 'ms', baseline: median(raws), goal: 3_000 });
  console.log(`  (intake.run of ${N.toLocaleString('en-US')} call-center rows; baseline: raw prepared inserts of the same rows)`);
  const background: number[] = [];
  for (let round = 0; round < 3; round++) background.push((await backgroundImport(contentBase64, false)).ms);
  report({ name: 'import 100k rows in the background', value: median(background), unit: 'ms', baseline: median(raws), goal: 3_000 });
  console.log('  (what a person waits for in the app: intake.start, read and normalised in the worker thread, committed on the writing thread, until the job completes; same baseline)');
  const { lag } = await backgroundImport(contentBase64, true);
  report({ name: 'event loop max lag during a 100k-row import', value: Math.round(lag), unit: 'ms', baseline: Math.round(median(imports)), goal: 100 });
  console.log('  (intake.preview then intake.start as the app runs them; baseline: the stall of the blocking intake.run above)');
}
