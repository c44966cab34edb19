/**
 * Loads the heavy export libraries (ExcelJS, pdfmake; the report's chart loads ECharts the same
 * way) on first use, synchronously, instead of at start-up: together they cost seconds to
 * import, and most runs of the app, the host and the CLI never export a file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const requireCjs = createRequire(import.meta.url);

let exceljsModule: typeof import('exceljs') | null = null;

export function exceljs(): typeof import('exceljs') {
  return (exceljsModule ??= requireCjs('exceljs') as typeof import('exceljs'));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pdfmake ships no types
export type PdfNode = any;

interface PdfMake {
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: PdfNode): { getBuffer(): Promise<Buffer> };
}

let pdfmakeModule: PdfMake | null = null;

/** pdfmake with Roboto from its own package (French accents, €, ’), no URL fetching, no other local file. */
export function pdfmake(): PdfMake {
  if (pdfmakeModule) return pdfmakeModule;
  const pm = requireCjs('pdfmake') as PdfMake;
  const fonts = join(dirname(requireCjs.resolve('pdfmake/package.json')), 'build', 'fonts', 'Roboto');
  pm.addFonts({
    Roboto: { normal: join(fonts, 'Roboto-Regular.ttf'), bold: join(fonts, 'Roboto-Medium.ttf'), italics: join(fonts, 'Roboto-Italic.ttf'), bolditalics: join(fonts, 'Roboto-MediumItalic.ttf') },
  });
  pm.setUrlAccessPolicy(() => false);
  // A document names no local file but the fonts: an image path that slipped into one is refused.
  pm.setLocalAccessPolicy((path) => path.startsWith(fonts));
  return (pdfmakeModule = pm);
}
