import { describe, expect, it } from 'vitest';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { choroplethOption, registerDepartements } from '../../renderer/src/components/dashboard/choropleth';
import type { Output } from '../../renderer/src/api/client';

/** Two squares standing in for the basemap's département shapes. */
const square = (code: string, name: string, x: number) => ({
  type: 'Feature',
  properties: { code, name },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, 45],
        [x + 1, 45],
        [x + 1, 46],
        [x, 46],
        [x, 45],
      ],
    ],
  },
});
const shapes = { type: 'FeatureCollection', features: [square('37', 'Indre-et-Loire', 0), square('41', 'Loir-et-Cher', 1)] };
const rows = [{ code: '37', leads: 12, conversion: 0.25, medianAcceptHours: 3 }] as Output<'kpi.dashboard'>['departements'];

describe('choropleth', () => {
  // The shapes can arrive before the dashboard's figures: the map is then registered before any
  // chart of the page has been created, which ECharts used to drop without a word.
  it('draws the map when its shapes were registered before any chart existed', () => {
    const names = registerDepartements(shapes);
    expect(names.get('37')).toBe('Indre-et-Loire');
    // Server-side rendering needs only a renderer: nothing of the app's charts is set up here.
    use(SVGRenderer);
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 300 });
    chart.setOption(choroplethOption(rows, 'leads', names, (key) => key, String));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(2);
  });
});
