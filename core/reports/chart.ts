/**
 * The PDF's chart, drawn by ECharts on the server as SVG (no canvas needed), which pdfmake
 * embeds as vector graphics. ECharts is a UI library, but here it draws without a DOM, so core
 * may use it; it is loaded on the first chart only (see exports/libraries.ts).
 */
import { requireCjs } from '../exports/libraries';
import type { ReportLabels } from './labels';
import type { MonthlyReport } from './monthly';

let echartsModule: typeof import('echarts') | null = null;
const echarts = () => (echartsModule ??= requireCjs('echarts') as typeof import('echarts'));

export function acceptedInTimeSvg(report: MonthlyReport, labels: ReportLabels, width = 515, height = 260): string {
  const top = [...report.members].sort((a, b) => b.received - a.received).slice(0, 15);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'Roboto' },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 9 } },
    xAxis: { type: 'value', axisLabel: { fontSize: 8 } },
    yAxis: { type: 'category', inverse: true, data: top.map((m) => (m.name.length > 24 ? m.name.slice(0, 23) + '…' : m.name)), axisLabel: { fontSize: 8 } },
    series: [
      { name: labels.columns[3]!.label, type: 'bar', stack: 'a', data: top.map((m) => m.acceptedInTime), itemStyle: { color: '#2e7d32' } },
      { name: labels.columns[1]!.label, type: 'bar', stack: 'a', data: top.map((m) => m.received - m.acceptedInTime), itemStyle: { color: '#c7cdd4' } },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
