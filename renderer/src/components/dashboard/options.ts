/** ECharts options for the dashboard's charts, built from kpi.dashboard's answer. */
import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard } from '../../stores/dashboard';

type T = (key: string, values?: Record<string, unknown>) => string;
export type Granularity = 'day' | 'week' | 'month';

const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
const TEMPERATURE_COLORS: Record<string, string> = { hot: '#d84315', warm: '#f9a825', cold: '#1e88e5', '': '#90a4ae' };

export function volumeOption(d: Dashboard, g: Granularity, t: T): EChartsCoreOption {
  const buckets = g === 'day' ? d.volume.byDay : g === 'week' ? d.volume.byWeek : d.volume.byMonth;
  return {
    tooltip: { trigger: 'axis' },
    grid,
    xAxis: { type: 'category', data: buckets.map((b) => b.key) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('dashboard.charts.leads'), type: g === 'day' ? 'line' : 'bar', data: buckets.map((b) => b.count), smooth: true, areaStyle: g === 'day' ? { opacity: 0.15 } : undefined }],
  };
}

export function barsOption(rows: { key: string; count: number }[], name: string, empty: string, horizontal = true): EChartsCoreOption {
  const labels = rows.map((r) => r.key || empty);
  const category = { type: 'category', data: labels, inverse: horizontal, axisLabel: { width: 120, overflow: 'truncate' } };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid,
    xAxis: horizontal ? { type: 'value', minInterval: 1 } : category,
    yAxis: horizontal ? category : { type: 'value', minInterval: 1 },
    series: [{ name, type: 'bar', data: rows.map((r) => r.count), barMaxWidth: 28 }],
  };
}

export function temperatureOption(d: Dashboard, t: T): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        data: d.breakdown.temperature.map((b) => ({
          name: b.key ? t(`dashboard.temperature.${b.key}`) : t('dashboard.none'),
          value: b.count,
          id: b.key,
          itemStyle: { color: TEMPERATURE_COLORS[b.key] },
        })),
      },
    ],
  };
}

export function funnelOption(d: Dashboard, t: T, num: (v: number) => string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    grid,
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: d.funnel.steps.map((s) => t(`dashboard.funnel.${s.step}`)) },
    series: [
      {
        type: 'bar',
        name: t('dashboard.charts.leads'),
        data: d.funnel.steps.map((s) => s.count),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number; value: number }) => {
            const rate = d.funnel.steps[p.dataIndex]?.fromPrevious;
            return rate === null || rate === undefined ? num(p.value) : `${num(p.value)}  (${num(Math.round(rate * 100))} %)`;
          },
        },
        barMaxWidth: 26,
      },
    ],
  };
}

export function responseOption(d: Dashboard, t: T): EChartsCoreOption {
  const r = d.response;
  const labels = r.accept.histogram.map((b, i) => (b.upTo === null ? `> ${r.accept.histogram[i - 1]?.upTo ?? 0} h` : `≤ ${b.upTo} h`));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', minInterval: 1 },
    series: (['accept', 'contact', 'quote'] as const).map((k) => ({ name: t(`dashboard.response.${k}`), type: 'bar', data: r[k].histogram.map((b) => b.count) })),
  };
}

export function conversionOption(rows: Dashboard['conversion']['byMember'], t: T): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: rows.map((r) => r.label ?? r.key), axisLabel: { rotate: rows.length > 8 ? 40 : 0, width: 110, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
    ],
    series: [
      { name: t('dashboard.charts.received'), type: 'bar', data: rows.map((r) => r.received), barMaxWidth: 24 },
      { name: t('dashboard.charts.won'), type: 'bar', data: rows.map((r) => r.won), barMaxWidth: 24 },
      {
        name: t('dashboard.charts.conversion'),
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: '#e07a1f' },
        lineStyle: { color: '#e07a1f' },
        data: rows.map((r) => (r.conversion === null ? null : Math.round(r.conversion * 1000) / 10)),
      },
    ],
  };
}
