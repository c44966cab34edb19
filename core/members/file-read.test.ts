import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { caller, testContext } from '../test-support';

/** Counts the openings of an archive: a member workbook's two sheets must come from one. */
const opened = vi.hoisted(() => ({ count: 0 }));
vi.mock('../intake/zip', async (original) => {
  const zip = await original<typeof import('../intake/zip')>();
  class CountedZipParts extends zip.ZipParts {
    constructor(...args: ConstructorParameters<typeof zip.ZipParts>) {
      super(...args);
      opened.count++;
    }
  }
  return { ...zip, ZipParts: CountedZipParts };
});

async function networkWorkbook(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Membres').addRows([
    ['Code réseau', 'Nom', 'Type', 'Code postal', 'Ville', 'Rayon (km)', 'Coefficient', 'Capacité par semaine', 'Actif'],
    ['A001', 'Solaire Tours', 'installateur', '37000', 'Tours', 40, 1, 12, 'oui'],
  ]);
  wb.addWorksheet('Absences').addRows([
    ['Code réseau', 'Début', 'Fin', 'Motif'],
    ['A001', '21/12/2026', '02/01/2027', 'Congés'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('member workbook', () => {
  it('is unzipped once for its members and its absences sheet', async () => {
    const { call } = caller(testContext());
    const contentBase64 = await networkWorkbook();
    opened.count = 0;
    const preview = call('members.import.preview', { fileName: 'reseau.xlsx', contentBase64 });
    expect(preview.plan.lines.map((l) => l.outcome)).toEqual(['new']);
    expect(preview.plan.absenceLines.map((l) => l.outcome)).toEqual(['new']);
    expect(opened.count).toBe(1);
  });
});
