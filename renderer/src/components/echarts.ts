/**
 * The app's ECharts: the charts, components and renderer it uses, installed once when this
 * module loads. Everything that talks to ECharts imports it from here, so no call can come
 * before the install: `registerMap` is a silent no-op until the map chart is installed, and
 * when the install ran in the first chart's set-up a choropleth whose shapes arrived before the
 * dashboard's figures registered its map too early and never showed.
 */
import { getMap, init, registerMap, use } from 'echarts/core';
import { BarChart, FunnelChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, FunnelChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { getMap, init, registerMap };
export type { ECharts, EChartsCoreOption } from 'echarts/core';
