/**
 * The app's A4 PDF document with pdfmake (Roboto from pdfmake's own package: French accents, €, ’)
 * and the text helpers every PDF uses: the monthly report and a person's data export.
 */
import { TZDate } from '@date-fns/tz';
import { pdfmake, type PdfNode as Node } from './libraries';

export const BRAND = '#1565c0';

/** A time as people in Paris read it, e.g. "23 November 2026 10:15". */
export function stamp(t: number, locale: string): string {
  const l = new TZDate(t, 'Europe/Paris');
  return l.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' }) + ' ' + l.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** French groups digits with a narrow no-break space, which Roboto has no glyph for. */
export function pdfSafe(text: string): string {
  return text.replace(/\u202f/g, '\u00a0');
}

/** Longer than this without a blank, a run of text may be wider than its column. */
const LONG_RUN = /(\S{24,})/u;

/**
 * A text that always fits its column. pdfmake breaks lines between words only, and a run with no
 * break (an e-mail address, a URL, a pasted reference) ran past the column's edge and was cut
 * off. Long runs may break anywhere; the rest still breaks between words.
 */
export function pdfWrapped(text: string): string | { text: { text: string; wordBreak?: 'break-all' }[] } {
  const safe = pdfSafe(text);
  if (!LONG_RUN.test(safe)) return safe;
  return {
    text: safe
      .split(LONG_RUN)
      .filter((part) => part !== '')
      .map((part) => (LONG_RUN.test(part) ? { text: part, wordBreak: 'break-all' } : { text: part })),
  };
}

/** The app's A4 document: Roboto, brand headings, a running header after the first page, page numbers. */
export function a4Pdf(title: string, runningHeader: string, words: { page: string; of: string }, content: Node[]): Promise<Buffer> {
  const doc = {
    info: { title, creator: 'Aiguillage' },
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: { h1: { fontSize: 18, bold: true, color: BRAND, margin: [0, 0, 0, 10] }, h2: { fontSize: 13, bold: true, margin: [0, 10, 0, 4] }, h3: { fontSize: 10, bold: true, margin: [0, 0, 0, 3] } },
    header: (page: number) => (page === 1 ? null : { text: runningHeader, fontSize: 8, color: '#777', margin: [40, 24, 40, 0] }),
    footer: (page: number, pages: number) => ({ text: `${words.page} ${page} ${words.of} ${pages}`, alignment: 'right', fontSize: 8, color: '#777', margin: [40, 16, 40, 0] }),
    content,
  };
  return pdfmake().createPdf(doc).getBuffer();
}
