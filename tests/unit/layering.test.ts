/**
 * The layering rules of eslint.config.js, run through ESLint's Node API on sample sources placed
 * (virtually) in each layer: a wrong-way import or a redeclared status list must fail the lint.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layering', () => {
  describe('renderer', () => {
    it('fails on a file that redeclares the lead statuses', async () => {
      const code = "export const STATUSES = ['new', 'qualified', 'dispatched', 'won'] as const;\n";
      expect(await ruleIds('renderer/src/stores/sample.ts', code)).toContain('domain/no-redeclared-domain-lists');
    });

    it('fails on a template that redeclares the temperatures', async () => {
      const code = `<script setup lang="ts">\n</script>\n<template>\n  <div>\n    <span v-for="t in ['hot', 'warm', 'cold']" :key="t">{{ t }}</span>\n  </div>\n</template>\n`;
      expect(await ruleIds('renderer/src/components/Sample.vue', code)).toContain('domain/no-redeclared-domain-lists');
    });

    it('fails on a file that redeclares the audit actions or the erasure reasons', async () => {
      const actions = "const ACTIONS = ['person.export', 'person.erase', 'report.export'];\nexport const n = ACTIONS.length;\n";
      const reasons = "export const REASONS = ['request', 'objection', 'unlawful', 'other'];\n";
      expect(await ruleIds('renderer/src/components/settings/Sample.ts', actions)).toContain('domain/no-redeclared-domain-lists');
      expect(await ruleIds('renderer/src/components/leads/Sample.ts', reasons)).toContain('domain/no-redeclared-domain-lists');
    });

    it('fails on a value import from core, accepts a type import', async () => {
      const byValue = "import { LEAD_STATUSES } from '../../../core/leads/schema';\nexport const n = LEAD_STATUSES.length;\n";
      const byType = "import type { Lead } from '../../../core/leads/schema';\nexport const id = (l: Lead) => l.id;\n";
      expect(await ruleIds('renderer/src/stores/sample.ts', byValue)).toContain('@typescript-eslint/no-restricted-imports');
      expect(await ruleIds('renderer/src/stores/sample.ts', byType)).toEqual([]);
    });

    it('accepts the lists imported by value from common', async () => {
      const code = "import { LEAD_STATUSES, TEMPERATURES } from '../../../common/leads';\nexport const n = LEAD_STATUSES.length + TEMPERATURES.length;\n";
      expect(await ruleIds('renderer/src/stores/sample.ts', code)).toEqual([]);
    });

    it('accepts the SLA model imported by value from common, refuses the core’s SLA settings by value', async () => {
      const fromCommon = "import { clockState } from '../../../common/sla';\nexport const s = (c: { riskAt: number; dueAt: number }) => clockState(c, 0);\n";
      const fromCore = "import { DEFAULT_SLA_TARGETS } from '../../../core/sla/targets';\nexport const t = DEFAULT_SLA_TARGETS;\n";
      expect(await ruleIds('renderer/src/components/Sample.ts', fromCommon)).toEqual([]);
      expect(await ruleIds('renderer/src/components/Sample.ts', fromCore)).toContain('@typescript-eslint/no-restricted-imports');
    });

    it('leaves a short list of steps alone', async () => {
      expect(await ruleIds('renderer/src/stores/sample.ts', "export const NEEDS = ['declined', 'lost'];\n")).toEqual([]);
    });
  });

  describe('common', () => {
    it('imports nothing from core, the renderer or Node', async () => {
      for (const from of ['../core/leads/schema', '../renderer/src/api', 'node:fs', 'vue']) {
        const code = `import { x } from '${from}';\nexport const y = x;\n`;
        expect(await ruleIds('common/sample.ts', code), from).toContain('@typescript-eslint/no-restricted-imports');
      }
    });

    it('uses no DOM or Node globals', async () => {
      expect(await ruleIds('common/sample.ts', 'export const w = window.innerWidth;\n')).toContain('no-restricted-globals');
      expect(await ruleIds('common/sample.ts', 'export const e = process.env;\n')).toContain('no-restricted-globals');
    });

    it('may import its own files and the two pure date libraries', async () => {
      expect(await ruleIds('common/sample.ts', "import { ZONE } from './paris';\nexport const z = ZONE;\n")).toEqual([]);
      expect(await ruleIds('common/sample.ts', "import getJoursFeries from '@socialgouv/jours-feries';\nexport const j = getJoursFeries(2026);\n")).toEqual([]);
      expect(await ruleIds('common/sample.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toContain('@typescript-eslint/no-restricted-imports');
    });
  });
});
