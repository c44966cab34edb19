/**
 * Random payloads on every command of the table, on a file database seeded with the demo
 * network and leads: whatever arrives (junk of any type, the right keys with wrong types, or
 * inputs built from the command's own schema so they reach the handler), the answer is always
 * `{ ok: true }` or `{ ok: false, error }` with a known code, never an exception and never
 * `internal` (that code means a handler crashed). Values cross IPC and HTTP, so every answer
 * must also survive JSON. Background work the commands start (imports, exports) must not fail
 * either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seedDemoLeads } from '../demo/leads';
import { seedDemo } from '../demo/network';
import { seedDemoTerritories } from '../demo/territories';
import { openApp } from '../open';
import type { Context } from './define';
import { dispatch, dispatchAsync } from './dispatch';
import type { ErrorCode } from './errors';
import { commands } from './table';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const RUNS_PER_COMMAND = 160;

/** Every code a caller may see, checked against ErrorCode by the compiler; `internal` is a crash. */
const CODES: Record<ErrorCode, boolean> = {
  invalid_input: true,
  unknown_method: true,
  not_found: true,
  conflict: true,
  forbidden: true,
  db_too_new: true,
  db_corrupt: true,
  internal: false,
};

const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '=1+1',
  '+33 6 12 34 56 78',
  '@SUM(A1)',
  '-1',
  '',
  ' ',
  '\0',
  '😀',
  '\ud800',
  "'; DROP TABLE leads; --",
  '%',
  '_',
  '*',
  'Île-de-France',
  '75',
  '2A',
  'AIG-1',
];

const day = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

/**
 * Values shaped by a command's input schema (its JSON Schema form), so most of them pass zod
 * and reach the handler; ids are mostly small so they name rows that exist.
 */
function fromSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, depth)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'email') return fc.emailAddress();
      // Days mostly real (handlers check them), sometimes only the right shape.
      if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return fc.oneof({ arbitrary: day, weight: 4 }, fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      const max = Math.min(s.maxLength ?? 60, 60);
      const min = Math.min(s.minLength ?? 0, max);
      return fc.oneof(
        fc.string({ minLength: min, maxLength: max }),
        fc.constantFrom(...HOSTILE).filter((h) => h.length >= min && h.length <= max),
      );
    }
    case 'integer': {
      const min = Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6), Number.MIN_SAFE_INTEGER);
      const max = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6), Number.MAX_SAFE_INTEGER);
      return fc.oneof({ arbitrary: fc.integer({ min, max: Math.min(max, min + 12) }), weight: 3 }, fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number': {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1e9;
      const max = s.maximum ?? s.exclusiveMaximum ?? 1e9;
      return fc.double({ min, max, noNaN: true, minExcluded: s.exclusiveMinimum !== undefined, maxExcluded: s.exclusiveMaximum !== undefined });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? fromSchema(s.items, depth + 1) : fc.jsonValue({ maxDepth: 1 }), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 6, 6)) });
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      if (props.length) {
        const required = new Set(s.required ?? []);
        return fc.record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)])), { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k) || depth === 0) });
      }
      if (typeof s.additionalProperties === 'object') {
        const key = s.propertyNames ? (fromSchema(s.propertyNames, depth + 1) as fc.Arbitrary<string>) : fc.string({ maxLength: 12 });
        return fc.dictionary(key, fromSchema(s.additionalProperties, depth + 1), { maxKeys: 4 });
      }
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
    }
    default:
      // "Anything" in the schema (z.unknown, a GeoJSON object...): JSON of any shape.
      return fc.jsonValue({ maxDepth: depth > 2 ? 1 : 3 });
  }
}

/** What IPC's structured clone can carry (dates, maps, big integers, typed arrays...), not only JSON. */
const junk = fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true });

function payloads(method: string): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(commands[method as keyof typeof commands].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const keys = Object.keys(schema.properties ?? {});
  const wrongTypes = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, junk])), { requiredKeys: [] }) : junk;
  return fc.oneof({ arbitrary: junk, weight: 1 }, { arbitrary: fc.jsonValue(), weight: 1 }, { arbitrary: wrongTypes, weight: 2 }, { arbitrary: fromSchema(schema), weight: 6 });
}

interface Stat {
  calls: number;
  /** Inputs its schema accepted, so the handler ran. */
  reached: number;
  ok: number;
  refused: Partial<Record<ErrorCode, number>>;
  crashes: number;
  ms: number;
}

let dir: string;
let ctx: Context;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aig-payloads-'));
  ctx = await openApp({ dbPath: join(dir, 'payloads.sqlite'), demo: false, actor: 'fuzz', now: () => NOW });
  seedDemo(ctx);
  seedDemoTerritories(ctx);
  seedDemoLeads(ctx, { count: 300, now: NOW });
}, 60_000);

afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A seed per command from its name, so adding a command elsewhere in the table does not change another's payloads. */
function seedOf(method: string): number {
  let h = 8_0400;
  for (const c of method) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h >>> 0;
}

describe('random payloads on every command', () => {
  it(`answers ${RUNS_PER_COMMAND} random payloads per command with ok or a known error, never a crash`, async () => {
    const started = { wall: Date.now(), cpu: process.cpuUsage() };
    const stats = new Map<string, Stat>();
    const jobs: [method: string, jobId: string][] = [];
    const log = (message: string, error: unknown) => logged.push(`${message}: ${error instanceof Error ? error.stack : String(error)}`);
    const methods = Object.keys(commands).sort();
    for (const method of methods) {
      const stat: Stat = { calls: 0, reached: 0, ok: 0, refused: {}, crashes: 0, ms: 0 };
      stats.set(method, stat);
      const asynchronous = commands[method as keyof typeof commands].options.asynchronous === true;
      await fc.assert(
        fc.asyncProperty(payloads(method), async (input) => {
          stat.calls++;
          if (commands[method as keyof typeof commands].input.safeParse(input).success) stat.reached++;
          const t = performance.now();
          let result;
          try {
            const options = { log, language: stat.calls % 2 ? ('en' as const) : ('fr' as const) };
            // Synchronous commands through dispatch, which must answer at once; the others as hosts call them.
            result = asynchronous ? await dispatchAsync(ctx, method, input, options) : dispatch(ctx, method, input, options);
          } catch (error) {
            stat.crashes++;
            throw error;
          } finally {
            stat.ms += performance.now() - t;
          }
          if (result.ok) {
            stat.ok++;
            expect(result.value, 'a command answers synchronously').not.toBeInstanceOf(Promise);
            expect(() => JSON.stringify(result), 'the answer survives JSON').not.toThrow();
            const jobId = (result.value as { jobId?: unknown } | null)?.jobId;
            if (typeof jobId === 'string') jobs.push([method, jobId]);
            return;
          }
          const { code, message } = result.error;
          stat.refused[code] = (stat.refused[code] ?? 0) + 1;
          if (code === 'internal') stat.crashes++;
          expect(CODES[code], `${method} answered ${code}: ${message}\n${logged.at(-1) ?? ''}`).toBe(true);
          expect(typeof message).toBe('string');
        }),
        { seed: seedOf(method), numRuns: RUNS_PER_COMMAND },
      );
    }

    // Background imports and report renderings started above: let them finish; none may fail.
    const finals = new Map<string, string>();
    for (let round = 0; round < 600 && jobs.some(([m, id]) => !finals.has(id) && lookAt(m, id, finals)); round++) await new Promise((r) => setTimeout(r, 50));
    for (const [method, jobId] of jobs) expect(`${method} ${finals.get(jobId) ?? 'running'}`).toMatch(/ (completed|cancelled|done|refused)$/);
    expect(logged, 'nothing was logged as an unexpected failure').toEqual([]);

    const total = [...stats.values()].reduce((s, x) => ({ calls: s.calls + x.calls, reached: s.reached + x.reached, ok: s.ok + x.ok, crashes: s.crashes + x.crashes }), {
      calls: 0,
      reached: 0,
      ok: 0,
      crashes: 0,
    });
    const slowest = [...stats]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 3)
      .map(([m, s]) => `${m} ${(s.ms / 1000).toFixed(1)} s`)
      .join(', ');
    const cpu = process.cpuUsage(started.cpu);
    console.log(
      `random payloads: ${methods.length} commands, ${total.calls} calls (${total.reached} past the schema into the handler; ${total.ok} ok, ${total.calls - total.ok} refused with a known code), ${jobs.length} background jobs, crashes ${total.crashes}, ` +
        `${((Date.now() - started.wall) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; slowest: ${slowest})`,
    );
    // The schema-shaped inputs must get past validation often enough to exercise the handlers.
    for (const [method, s] of stats) expect(s.reached, `${method}: inputs that reached the handler`).toBeGreaterThanOrEqual(s.calls / 8);
  }, 600_000);
});

/** Whether a background job still runs; its final status goes into `finals`. */
function lookAt(method: string, jobId: string, finals: Map<string, string>): boolean {
  // exports.download hands any finished export over once (and forgets it): it is the last look.
  const state = method.startsWith('intake.') ? dispatch(ctx, 'intake.progress', { jobId }) : dispatch(ctx, 'exports.download', { jobId });
  // not_found: pushed out of the 20 kept jobs by later ones before this look.
  const value = state.ok ? (state.value as { status: string; error?: { code: string } }) : { status: 'done' };
  // A file the import worker cannot read ends its job with the reason, as a refused input.
  const status = value.status === 'error' && value.error?.code === 'invalid_input' ? 'refused' : value.status;
  if (status !== 'running') finals.set(jobId, status);
  return status === 'running';
}
