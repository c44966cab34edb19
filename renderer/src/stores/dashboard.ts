/** The dashboard's filters, its figures and the monthly report preview and exports. */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { api, type Input, type Output } from '../api';
import { awaitExport, type DownloadedFile } from '../composables/download';
import { periodDates, previousMonth, type PeriodPreset } from '../components/dashboard/periods';
import type { Temperature } from '../../../common/leads';

export type Dashboard = Output<'kpi.dashboard'>;
export type FilterOptions = Output<'kpi.filters'>;
export type MonthlyReport = Output<'reports.monthly'>;
export type ReportFormat = Input<'reports.export'>['format'];

export interface DashboardFilters {
  period: PeriodPreset;
  departement: string | null;
  memberId: number | null;
  source: string | null;
  temperature: Temperature | null;
  region: string | null;
}

export const useDashboardStore = defineStore('dashboard', () => {
  const filters = reactive<DashboardFilters>({ period: 'last90', departement: null, memberId: null, source: null, temperature: null, region: null });
  const data = ref<Dashboard | null>(null);
  const options = ref<FilterOptions | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let request = 0;

  async function load() {
    const mine = ++request;
    loading.value = true;
    try {
      const { from, to } = periodDates(filters.period);
      const input: Input<'kpi.dashboard'> = { from, to };
      if (filters.departement) input.departement = filters.departement;
      if (filters.memberId) input.memberId = filters.memberId;
      if (filters.source) input.source = filters.source;
      if (filters.temperature) input.temperature = filters.temperature;
      if (filters.region) input.region = filters.region;
      const [result, opts] = await Promise.all([api.call('kpi.dashboard', input), options.value ? Promise.resolve(options.value) : api.call('kpi.filters', {})]);
      if (mine !== request) return;
      data.value = result;
      options.value = opts;
      error.value = null;
    } catch (e) {
      if (mine === request) error.value = (e as Error).message;
    } finally {
      if (mine === request) loading.value = false;
    }
  }

  /** The basemap's département shapes for the choropleth, read once. */
  const shapes = ref<Output<'geo.basemap'>['departements'] | null>(null);
  async function loadShapes() {
    shapes.value ??= (await api.call('geo.basemap', {})).departements;
  }

  const month = ref(previousMonth());
  const report = ref<MonthlyReport | null>(null);
  const reportLoading = ref(false);
  const exporting = ref<ReportFormat | null>(null);

  async function loadReport() {
    reportLoading.value = true;
    try {
      report.value = await api.call('reports.monthly', { month: month.value });
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      reportLoading.value = false;
    }
  }

  /** Starts the export in the core and polls until the file is ready. */
  async function exportReport(format: ReportFormat): Promise<DownloadedFile> {
    exporting.value = format;
    try {
      const { jobId } = await api.call('reports.export', { month: month.value, format });
      return await awaitExport(jobId);
    } finally {
      exporting.value = null;
    }
  }

  return { filters, data, options, loading, error, load, shapes, loadShapes, month, report, reportLoading, exporting, loadReport, exportReport };
});
