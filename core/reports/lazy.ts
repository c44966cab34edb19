/**
 * Loads the heavy report libraries (ECharts, ExcelJS, pdfmake) on first use, synchronously,
 * instead of at start-up: together they cost seconds to import, and most runs of the app,
 * the host and the CLI never export a report. ECharts is a UI library, but here it only draws the
 * PDF's chart as SVG on the server (no DOM), so core may use it.
 */
import { createRequire } from 'node:module';

export const requireCjs = createRequire(import.meta.url);

let echartsModule: typeof import('echarts') | null = null;
let exceljsModule: typeof import('exceljs') | null = null;

export function echarts(): typeof import('echarts') {
  return (echartsModule ??= requireCjs('echarts') as typeof import('echarts'));
}

export function exceljs(): typeof import('exceljs') {
  return (exceljsModule ??= requireCjs('exceljs') as typeof import('exceljs'));
}
