import { describe, expect, it } from 'vitest';
import { localizeNumbers, numberFormatter } from '../../renderer/src/components/chartNumbers';

type Fn = (v: unknown) => string;

describe('chart numbers in the UI language', () => {
  it('writes French numbers with a narrow no-break space and a decimal comma', () => {
    expect(numberFormatter('fr')(1234.5)).toBe('1\u202f234,5');
    expect(numberFormatter('en')(1234.5)).toBe('1,234.5');
    expect(numberFormatter('fr')(null)).toBe('–');
  });

  it('formats value axes and tooltips that have no formatter, keeping templates and category axes', () => {
    const option = localizeNumbers(
      {
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: ['a'] },
        yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: '{value} %' } }],
      },
      'fr',
    ) as { tooltip: { valueFormatter: Fn }; xAxis: { axisLabel?: unknown }; yAxis: { axisLabel: { formatter: Fn } }[] };
    expect(option.tooltip.valueFormatter(12345.67)).toBe('12\u202f345,7');
    expect(option.xAxis.axisLabel).toBeUndefined();
    expect(option.yAxis[0]!.axisLabel.formatter(2500)).toBe('2\u202f500');
    expect(option.yAxis[1]!.axisLabel.formatter(12.5)).toBe('12,5 %');
  });

  it('leaves a tooltip with its own formatter alone', () => {
    const own = () => 'x';
    const option = localizeNumbers({ tooltip: { trigger: 'item', formatter: own } }, 'fr') as { tooltip: { formatter: unknown; valueFormatter?: unknown } };
    expect(option.tooltip).toEqual({ trigger: 'item', formatter: own });
  });
});
