import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import type { ImportReport } from './store';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name)).toString('base64');

function setup() {
  const ctx = testContext(NOW);
  const api = caller(ctx);
  return { ctx, api, ...api };
}

/** line -> outcome, for every data row of a report. */
function outcomes(report: ImportReport): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [a, b] of report.acceptedLines) for (let l = a; l <= b; l++) out[l] = 'accepted';
  for (const r of report.rows) out[r.line] = r.outcome;
  return out;
}

async function importFile(api: ReturnType<typeof caller>, fileName: string, contentBase64: string, sourceName = 'Test') {
  const { call } = api;
  const preview = await api.callAsync('intake.preview', { fileName, contentBase64, sourceName });
  return { preview, report: call('intake.run', { fileName, contentBase64, sourceName, mapping: preview.mapping }) };
}

describe('intake', () => {
  describe('semicolon file in UTF-8 with BOM, French headers', () => {
    it('detects the format and proposes the mapping from the French headers', async () => {
      const { callAsync } = setup();
      const p = await callAsync('intake.preview', { fileName: 'leads.csv', contentBase64: fixture('semicolon-bom.csv') });
      expect(p).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', separator: ';', dataRows: 13 });
      expect(p.headers[0]).toBe('Civilité');
      expect(p.mapping).toEqual({
        civility: 'Civilité',
        firstName: 'Prénom',
        lastName: 'Nom',
        phone: 'Téléphone',
        email: 'E-mail',
        postalCode: 'Code postal',
        city: 'Ville',
        receivedAt: 'Date de la demande',
        source: 'Source',
        product: 'Produit',
        comment: 'Commentaire',
        consent: 'Consentement',
      });
      expect(p.rows.map((r) => r.line)).toEqual([2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
      expect(p.rows[0]).toMatchObject({
        outcome: 'accepted',
        lead: { civility: 'M.', firstName: 'Jean', lastName: 'Dupont', phone: '+33612345678', receivedAt: Date.UTC(2026, 2, 14, 8, 30), consentHow: 'import of leads.csv' },
      });
    });

    it('accepts, warns and rejects each row by its file line, and proposes merges', async () => {
      const { call, api } = setup();
      const nina = call('leads.create', { firstName: 'Nina', lastName: 'Mercier', email: 'nina@mercier.fr', postalCode: '38000', city: 'Grenoble' }).lead;
      const { report } = await importFile(api, 'leads.csv', fixture('semicolon-bom.csv'));
      expect(outcomes(report)).toEqual({
        2: 'accepted',
        3: 'accepted',
        4: 'accepted',
        8: 'warned',
        9: 'warned',
        10: 'rejected',
        11: 'rejected',
        12: 'rejected',
        13: 'warned',
        14: 'warned',
        15: 'rejected',
        16: 'warned',
        17: 'warned',
      });
      expect(report).toMatchObject({ status: 'completed', dataRows: 13, committedRows: 13, counts: { accepted: 3, warned: 6, rejected: 4 }, duplicates: 2 });
      const messages = Object.fromEntries(report.rows.map((r) => [r.line, r.messages.join(' | ')]));
      expect(messages[8]).toBe('Phone "6 12 34 56 00" had lost its leading 0 | Postal code "1000" had lost its leading 0');
      expect(messages[9]).toBe('"01 23" is not a valid phone number');
      expect(messages[10]).toBe('"01 23" is not a valid phone number');
      expect(messages[11]).toBe('No way to contact: neither phone nor e-mail');
      expect(messages[12]).toBe('No name and no company');
      expect(messages[13]).toBe('Possible duplicate of line 2 (same phone, same last name and postal code); merge proposed');
      expect(messages[14]).toBe('Only 7 values for 12 columns; the missing ones are left empty');
      expect(messages[15]).toMatch(/^13 values for 12 columns: values are shifted/);
      expect(messages[16]).toBe('"zoe@garnier" is not a valid e-mail address | Date "32/03/2026" not understood; the import time is used');
      expect(messages[17]).toBe(`Possible duplicate of lead #${nina.id} (same e-mail, same last name and postal code); merge proposed`);

      const pairs = call('leads.duplicates', { importId: report.importId });
      expect(pairs.map((p) => [p.lead.importLine, p.other.importLine ?? 'db', p.reasons, p.differences.map((d) => d.field)])).toEqual([
        [13, 2, ['phone', 'name_postal_code'], ['email', 'source', 'product']],
        [17, 'db', ['email', 'name_postal_code'], ['phone', 'source']],
      ]);
    });

    it('stores quoted separators and line breaks, dates in Paris time, consent and the default source', async () => {
      const { call, api } = setup();
      const { report } = await importFile(api, 'leads.csv', fixture('semicolon-bom.csv'), 'Salon de Lyon');
      const byLine = Object.fromEntries(call('leads.list', { importId: report.importId, limit: 50 }).items.map((l) => [l.importLine, l]));
      expect(byLine[3]).toMatchObject({ firstName: 'Élodie', email: 'elodie.l@orange.fr', comment: 'Rappeler après 18h; pas le mercredi', receivedAt: Date.UTC(2026, 2, 14, 23, 0), consentAt: null });
      expect(byLine[4]).toMatchObject({
        civility: 'M.',
        phone: '+33711223344',
        comment: 'Maison de 1970\ncombles à isoler\ndevis souhaité',
        consentFor: 'commercial contact',
        consentAt: Date.UTC(2026, 2, 16, 13, 5),
      });
      expect(byLine[8]).toMatchObject({ phone: '+33612345600', postalCode: '01000', departement: '01', source: 'Salon de Lyon' });
      expect(byLine[16]).toMatchObject({ email: '', receivedAt: NOW });
      expect(byLine[17]).toMatchObject({ receivedAt: Date.UTC(2026, 2, 21, 9, 15) });
    });
  });

  describe('other encodings and separators', () => {
    it('reads a comma file without BOM with English headers, ISO and Excel serial dates', async () => {
      const { call, api } = setup();
      const { preview, report } = await importFile(api, 'export.csv', fixture('comma.csv'));
      expect(preview).toMatchObject({ encoding: 'utf-8', separator: ',' });
      expect(preview.mapping).toMatchObject({ firstName: 'First name', lastName: 'Last name', postalCode: 'Zip', company: 'Company', campaign: 'Campaign' });
      expect(outcomes(report)).toEqual({ 2: 'accepted', 3: 'accepted', 4: 'accepted' });
      const leads = call('leads.list', { sort: 'name' }).items;
      expect(leads.find((l) => l.lastName === 'Garnier')).toMatchObject({ company: 'Garnier, Fils & Cie', receivedAt: Date.UTC(2025, 11, 9, 11, 0), phone: '+33613131313' });
      expect(leads.find((l) => l.lastName === 'Bernard')).toMatchObject({ receivedAt: Date.UTC(2026, 3, 2, 14, 45), campaign: 'Printemps 2026', postalCode: '06000' });
      expect(leads.find((l) => l.company === 'Raison Sociale SA')).toMatchObject({ lastName: '', phone: '+33614141414' });
    });

    it('decodes a Windows-1252 tab file with é, è, ç, œ and €', async () => {
      const { call, api, ctx } = setup();
      const { preview, report } = await importFile(api, 'export.txt', fixture('tab-cp1252.tsv'));
      expect(preview).toMatchObject({ encoding: 'windows-1252', separator: '\t', headers: ['Nom', 'Prénom', 'Tél', 'Courriel', 'CP', 'Commune', 'Société', 'Commentaire'] });
      expect(preview.mapping).toEqual({ lastName: 'Nom', firstName: 'Prénom', phone: 'Tél', email: 'Courriel', postalCode: 'CP', city: 'Commune', company: 'Société', comment: 'Commentaire' });
      expect(outcomes(report)).toEqual({ 2: 'accepted', 3: 'accepted' });
      // SQLite's NOCASE only folds ASCII: Ç sorts after L; PostgreSQL's nocase collation (ICU) sorts it with C (engines.md).
      const byName = call('leads.list', { sort: 'name' }).items;
      const [a, b] = ctx.db.engine === 'sqlite' ? [byName[1], byName[0]] : byName;
      expect(a).toMatchObject({ lastName: 'Çelik', firstName: 'Hélène', comment: "Réponse à l'offre, è" });
      expect(b).toMatchObject({ lastName: 'Lefèvre', firstName: 'François', company: 'Bœuf & Cie', comment: 'Budget 15 000 €, très intéressé' });
    });
  });

  describe('xlsx', () => {
    it('reads date cells as Paris time and restores zeros lost by number cells', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Leads');
      ws.addRow(['Nom', 'Prénom', 'Mobile', 'Code postal', 'Ville', 'Date de la demande', 'Produit']);
      ws.addRow(['Dupont', 'Jean', 612345678, 1000, 'Bourg-en-Bresse', new Date(Date.UTC(2026, 2, 14, 9, 30)), 'Isolation']);
      ws.addRow(['Martin', 'Léa', '06 11 11 11 11', 75011, 'Paris', new Date(Date.UTC(2026, 6, 1, 18, 0)), 'Photovoltaïque']);
      ws.addRow([]);
      ws.addRow(['Roux', 'Paul', null, 69003, 'Lyon', null, null]);
      ws.getColumn(6).numFmt = 'dd/mm/yyyy hh:mm';
      const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
      const { call, api } = setup();
      const { preview, report } = await importFile(api, 'leads.xlsx', content);
      expect(preview).toMatchObject({ format: 'xlsx', encoding: null, separator: null, dataRows: 3 });
      expect(preview.mapping).toMatchObject({ lastName: 'Nom', mobile: 'Mobile', receivedAt: 'Date de la demande' });
      expect(outcomes(report)).toEqual({ 2: 'warned', 3: 'accepted', 5: 'rejected' });
      const [dupont, martin] = call('leads.list', { sort: 'name' }).items;
      expect(dupont).toMatchObject({ phone: '+33612345678', postalCode: '01000', receivedAt: Date.UTC(2026, 2, 14, 8, 30) });
      expect(martin).toMatchObject({ phone: '+33611111111', postalCode: '75011', receivedAt: Date.UTC(2026, 6, 1, 16, 0), firstName: 'Léa' });
    });
  });

  describe('mappings, reports and undo', () => {
    it('remembers a saved mapping for its source', async () => {
      const { call, callAsync } = setup();
      const content = fixture('comma.csv');
      const mapping = { lastName: 'Last name', phone: 'Phone', company: 'Company' };
      call('intake.run', { fileName: 'a.csv', contentBase64: content, sourceName: 'Partner X', mapping, saveMapping: true });
      const p = await callAsync('intake.preview', { fileName: 'b.csv', contentBase64: content, sourceName: 'partner x' });
      expect(p.savedMapping).toEqual(mapping);
      expect(p.mapping).toEqual(mapping);
    });

    it('undoes exactly one import, its leads and their events', async () => {
      const { ctx, call, tryCall, api } = setup();
      const first = (await importFile(api, 'a.csv', fixture('comma.csv'))).report;
      const second = (await importFile(api, 'b.tsv', fixture('tab-cp1252.tsv'))).report;
      expect(call('intake.undo', { importId: first.importId })).toEqual({ importId: first.importId, removedLeads: 3 });
      expect(call('leads.list', {}).items.map((l) => l.importId)).toEqual([second.importId, second.importId]);
      expect(ctx.db.prepare('SELECT count(*) AS n FROM lead_events').get()).toEqual({ n: 2 });
      expect(call('intake.report', { importId: first.importId }).status).toBe('undone');
      expect(tryCall('intake.undo', { importId: first.importId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(call('intake.list', {}).map((i) => [i.importId, i.status])).toEqual([
        [second.importId, 'completed'],
        [first.importId, 'undone'],
      ]);
    });

    it('refuses a file that is not a spreadsheet', async () => {
      const { tryCallAsync } = setup();
      expect(await tryCallAsync('intake.preview', { fileName: 'x.xlsx', contentBase64: Buffer.from('PK\u0003\u0004garbage').toString('base64') })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    });
  });
});
