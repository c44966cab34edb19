/**
 * The choropleth by département: an ECharts map series over the offline basemap's département
 * shapes (registered once under MAP_NAME, matched on their `code`), coloured by one measure
 * with a continuous visualMap legend.
 */
import { getMap, registerMap, type EChartsCoreOption } from '../echarts';
import type { Output } from '../../api/client';

export const MAP_NAME = 'aiguillage-departements';
export const MEASURES = ['leads', 'conversion', 'medianAcceptHours'] as const;
export type Measure = (typeof MEASURES)[number];

type Dashboard = Output<'kpi.dashboard'>;
type Shapes = { features: { properties: unknown }[] } & Record<string, unknown>;
type T = (key: string, values?: Record<string, unknown>) => string;

/** Registers the département shapes with ECharts (idempotent); returns their names by code. */
export function registerDepartements(shapes: Shapes): Map<string, string> {
  // Asks ECharts rather than a flag of ours: a registration that did not take is tried again.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registerMap's GeoJSON type is stricter than the basemap's FeatureCollection but the data is the same
  if (!getMap(MAP_NAME)) registerMap(MAP_NAME, shapes as any);
  return new Map(
    shapes.features.map((f) => {
      const p = f.properties as { code: string; name: string };
      return [p.code, p.name];
    }),
  );
}

// Sequential palettes readable on light and dark cards; slower is darker orange (worse).
const PALETTES: Record<Measure, string[]> = {
  leads: ['#d6e8f7', '#5b9bd5', '#1c4f8c'],
  conversion: ['#e3f1df', '#7cbf6e', '#2e6b27'],
  medianAcceptHours: ['#fdebd3', '#f0a04b', '#a84b0c'],
};

function valueOf(row: Dashboard['departements'][number], measure: Measure): number | null {
  switch (measure) {
    case 'leads':
      return row.leads;
    case 'conversion':
      return row.conversion === null ? null : Math.round(row.conversion * 1000) / 10;
    case 'medianAcceptHours':
      return row.medianAcceptHours === null ? null : Math.round(row.medianAcceptHours * 10) / 10;
    default: {
      const never: never = measure;
      throw new Error(`Unknown measure ${String(never)}`);
    }
  }
}

export function choroplethOption(rows: Dashboard['departements'], measure: Measure, names: Map<string, string>, t: T, num: (v: number) => string): EChartsCoreOption {
  const data = rows.map((r) => ({ name: r.code, fullName: `${r.code} ${names.get(r.code) ?? ''}`.trim(), value: valueOf(r, measure), row: r })).filter((d) => d.value !== null);
  const max = Math.max(1, ...data.map((d) => d.value!));
  const unit = (v: number) => (measure === 'conversion' ? `${num(v)} %` : measure === 'medianAcceptHours' ? t('dashboard.hours', { h: num(v) }) : num(v));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; data?: { row: Dashboard['departements'][number] } }) => {
        const title = `${p.name} ${names.get(p.name) ?? ''}`;
        const r = p.data?.row;
        if (!r) return `${title}<br/>${t('dashboard.empty')}`;
        const accept = r.medianAcceptHours === null ? '–' : t('dashboard.hours', { h: num(r.medianAcceptHours) });
        const conversion = r.conversion === null ? '–' : `${num(Math.round(r.conversion * 1000) / 10)} %`;
        return `<b>${title}</b><br/>${t('dashboard.map.leads')}: ${num(r.leads)}<br/>${t('dashboard.map.conversion')}: ${conversion}<br/>${t('dashboard.map.medianAcceptHours')}: ${accept}`;
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      left: 8,
      bottom: 8,
      calculable: false,
      itemHeight: 110,
      text: [unit(max), unit(0)],
      inRange: { color: PALETTES[measure] },
    },
    series: [
      {
        type: 'map',
        map: MAP_NAME,
        nameProperty: 'code',
        roam: false,
        aspectScale: 0.7,
        layoutCenter: ['55%', '50%'],
        layoutSize: '95%',
        selectedMode: false,
        itemStyle: { areaColor: 'rgba(128,128,128,0.28)', borderColor: 'rgba(128,128,128,0.55)', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#e07a1f' } },
        data,
      },
    ],
  };
}
