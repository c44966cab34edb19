/**
 * The text alternative of a chart: a canvas says nothing to a screen reader, so the chart
 * wrapper names it with this summary, in the UI language. Each series gives its name and its
 * values: all of them when they are few; for a long run of periods (the days of a quarter) the
 * span, lowest, highest and last values; otherwise (départements, members) the highest ones.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { numberFormatter } from './chartNumbers';

type T = (key: string, values?: Record<string, unknown>) => string;
type Axis = { type?: string; data?: unknown[]; axisLabel?: { formatter?: unknown } };
type Series = { name?: string; type?: string; data?: unknown[]; xAxisIndex?: number; yAxisIndex?: number };
interface Point {
  label: string;
  value: number | null;
}

/** Series with more points than this are summed up instead of read out. */
export const READ_OUT = 12;
/** The highest entries named for a long series that is not a run of periods. */
const TOP = 10;
/** Days, ISO weeks and months as kpi.dashboard writes them (2026-11-05, 2026-W45, 2026-11). */
const PERIOD = /^\d{4}-W?\d{2}/;

const list = <X>(v: X | X[] | undefined): X[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The points of a series: values on the chart's category axis, or named items ({ name, value },
 * with a `fullName` when the name is a code, as on the map: ECharts ignores that key).
 */
function points(series: Series, categories: unknown[] | undefined): Point[] {
  return (series.data ?? []).map((d, i) => {
    if (d !== null && typeof d === 'object' && !Array.isArray(d)) {
      const item = d as { name?: unknown; fullName?: unknown; value?: unknown };
      return { label: String(item.fullName ?? item.name ?? categories?.[i] ?? i + 1), value: numeric(item.value) };
    }
    return { label: String(categories?.[i] ?? i + 1), value: numeric(d) };
  });
}

/** A value as its axis writes it ('{value} %' keeps its unit). */
function valueWriter(axis: Axis | undefined, locale: string): (v: number | null) => string {
  const fmt = numberFormatter(locale);
  const template = axis?.axisLabel?.formatter;
  return typeof template === 'string' && template.includes('{value}') ? (v) => (v === null ? fmt(v) : template.replace('{value}', fmt(v))) : fmt;
}

function describeSeries(series: Series, option: Record<string, unknown>, t: T, locale: string): string {
  const x = list(option.xAxis as Axis | Axis[] | undefined)[series.xAxisIndex ?? 0];
  const y = list(option.yAxis as Axis | Axis[] | undefined)[series.yAxisIndex ?? 0];
  const categoryAxis = x?.type === 'category' ? x : y?.type === 'category' ? y : undefined;
  const write = valueWriter(categoryAxis === x ? y : x, locale);
  const all = points(series, categoryAxis?.data);
  const known = all.filter((p) => p.value !== null);
  const pairs = (ps: Point[]) => ps.map((p) => t('chart.pair', { label: p.label, value: write(p.value) })).join('; ');
  let values: string;
  if (known.length === 0) values = t('chart.noData');
  else if (all.length <= READ_OUT) values = `${pairs(all)}.`;
  else if (!all.every((p) => PERIOD.test(p.label))) {
    const top = [...known].sort((a, b) => b.value! - a.value!).slice(0, TOP);
    values = `${pairs(top)}; ${t('chart.more', { n: all.length - top.length })}.`;
  } else {
    const min = known.reduce((a, b) => (b.value! < a.value! ? b : a));
    const max = known.reduce((a, b) => (b.value! > a.value! ? b : a));
    const last = all[all.length - 1]!;
    values = t('chart.span', {
      n: all.length,
      first: all[0]!.label,
      last: last.label,
      minValue: write(min.value),
      minAt: min.label,
      maxValue: write(max.value),
      maxAt: max.label,
      lastValue: write(last.value),
    });
  }
  return series.name ? t('chart.series', { name: series.name, values }) : values;
}

export function summarizeChart(option: EChartsCoreOption, t: T, locale: string): string {
  const series = list(option.series as Series | Series[] | undefined);
  if (series.length === 0) return t('chart.noData');
  return series.map((s) => describeSeries(s, option, t, locale)).join(' ');
}
