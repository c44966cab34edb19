import { describe, expect, it } from 'vitest';
import { READ_OUT, summarizeChart } from '../../renderer/src/components/chartSummary';
import en from '../../renderer/src/i18n/en';
import fr from '../../renderer/src/i18n/fr';

/** vue-i18n's named interpolation, enough for the chart messages. */
const translator =
  (messages: typeof en) =>
  (key: string, values: Record<string, unknown> = {}) =>
    (messages.chart as Record<string, string>)[key.replace('chart.', '')]!.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));
const t = translator(en);

describe('chart text alternative', () => {
  it('reads out every value of a short series, with its name and the category labels', () => {
    const option = { xAxis: { type: 'value' }, yAxis: { type: 'category', data: ['Web site', 'Trade fair'] }, series: [{ name: 'Leads', type: 'bar', data: [1200, 30] }] };
    expect(summarizeChart(option, t, 'en')).toBe('Leads — Web site: 1,200; Trade fair: 30.');
    expect(summarizeChart(option, translator(fr), 'fr')).toBe('Leads — Web site : 1\u202f200; Trade fair : 30.');
  });

  it('writes a value with the unit of its axis and an unknown one as a dash', () => {
    const option = {
      xAxis: { type: 'category', data: ['A', 'B'] },
      yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: '{value} %' } }],
      series: [{ name: 'Conversion', type: 'line', yAxisIndex: 1, data: [12.5, null] }],
    };
    expect(summarizeChart(option, t, 'en')).toBe('Conversion — A: 12.5 %; B: –.');
  });

  it('sums up a long axis: span, lowest, highest and last value', () => {
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const counts = days.map((_, i) => (i === 4 ? 2 : i === 20 ? 40 : 10));
    const option = { xAxis: { type: 'category', data: days }, yAxis: { type: 'value' }, series: [{ name: 'Leads', type: 'line', data: counts }] };
    expect(summarizeChart(option, t, 'en')).toBe('Leads — 30 values from 2026-11-01 to 2026-11-30; lowest 2 (2026-11-05), highest 40 (2026-11-21), last 10.');
  });

  it('names the highest entries of a long axis that is not a run of periods', () => {
    const members = Array.from({ length: READ_OUT + 1 }, (_, i) => `Member ${i}`);
    const option = { xAxis: { type: 'category', data: members }, yAxis: { type: 'value' }, series: [{ name: 'Won', type: 'bar', data: members.map((_, i) => (i * 7) % 13) }] };
    expect(summarizeChart(option, t, 'en')).toBe(
      'Won — Member 11: 12; Member 9: 11; Member 7: 10; Member 5: 9; Member 3: 8; Member 1: 7; Member 12: 6; Member 10: 5; Member 8: 4; Member 6: 3; and 3 more.',
    );
  });

  it('names the highest entries of a long pie or map by their full name', () => {
    const data = Array.from({ length: READ_OUT + 5 }, (_, i) => ({ name: String(i + 10), fullName: `${i + 10} Dept ${i}`, value: i }));
    const summary = summarizeChart({ series: [{ type: 'map', data }] }, t, 'en');
    expect(summary.startsWith('26 Dept 16: 16; 25 Dept 15: 15;')).toBe(true);
    expect(summary.endsWith('17 Dept 7: 7; and 7 more.')).toBe(true);
  });

  it('says when there is nothing to show', () => {
    expect(summarizeChart({ series: [] }, t, 'en')).toBe('No data.');
    expect(summarizeChart({ xAxis: { type: 'category', data: ['A'] }, yAxis: { type: 'value' }, series: [{ name: 'Won', type: 'bar', data: [null] }] }, t, 'en')).toBe('Won — No data.');
  });
});
