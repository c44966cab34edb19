/**
 * Numbers on chart axes and in tooltips in the UI language (French: 1 234,5 with a narrow
 * no-break space). ECharts formats them its own way (1,234.5) unless given a formatter, so the
 * chart wrapper adds one to every value axis and tooltip that has none; a string template
 * such as '{value} %' keeps its text around the localized number.
 */
import type { EChartsCoreOption } from 'echarts/core';

type Formatter = (value: unknown) => string;
type Axis = { type?: string; axisLabel?: { formatter?: unknown } } & Record<string, unknown>;

export function numberFormatter(locale: string): Formatter {
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (value) => (typeof value === 'number' ? nf.format(value) : value === null || value === undefined ? '–' : String(value));
}

function axisFormatter(current: unknown, fmt: Formatter): unknown {
  if (current === undefined) return fmt;
  if (typeof current === 'string' && current.includes('{value}')) return (v: unknown) => current.replace('{value}', fmt(v));
  return current;
}

function localizeAxes(axes: unknown, fmt: Formatter): unknown {
  if (!axes) return axes;
  const one = (axis: Axis): Axis => (axis.type === 'value' ? { ...axis, axisLabel: { ...axis.axisLabel, formatter: axisFormatter(axis.axisLabel?.formatter, fmt) } } : axis);
  return Array.isArray(axes) ? (axes as Axis[]).map(one) : one(axes as Axis);
}

export function localizeNumbers(option: EChartsCoreOption, locale: string): EChartsCoreOption {
  const fmt = numberFormatter(locale);
  const tooltip = option.tooltip as Record<string, unknown> | undefined;
  return {
    ...option,
    ...(option.xAxis ? { xAxis: localizeAxes(option.xAxis, fmt) } : {}),
    ...(option.yAxis ? { yAxis: localizeAxes(option.yAxis, fmt) } : {}),
    ...(tooltip && !tooltip.valueFormatter && !tooltip.formatter ? { tooltip: { ...tooltip, valueFormatter: fmt } } : {}),
  };
}
