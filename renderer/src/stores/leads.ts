/**
 * Leads as the Leads view and the lead page show them: a server-paged, filtered list (the
 * table never holds more than one page), and one lead's sheet with its routing history and the
 * member's workflow steps.
 */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';
import { dateParts, parisMidnight } from '../../../common/paris';
import { useFailuresStore } from './failures';

export type Lead = Output<'leads.list'>['items'][number];
export type LeadStatus = Lead['status'];
export type LeadSheet = Output<'leads.get'>;
export type DispatchRecord = Output<'routing.history'>[number];
type ListInput = Input<'leads.list'>;

export interface LeadFilters {
  search: string;
  status: NonNullable<ListInput['status']>;
  temperature: NonNullable<ListInput['temperature']>;
  source: string;
  departement: string;
  /** Paris dates YYYY-MM-DD (inclusive), empty for no bound. */
  from: string;
  to: string;
}

export const useLeadsStore = defineStore('leads', () => {
  const filters = reactive<LeadFilters>({ search: '', status: [], temperature: [], source: '', departement: '', from: '', to: '' });
  const sort = ref<NonNullable<ListInput['sort']>>('received_desc');
  const page = ref(1);
  const pageSize = ref(50);
  const items = ref<Lead[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let requestId = 0;

  const sheet = ref<LeadSheet | null>(null);
  const history = ref<DispatchRecord[]>([]);
  const sheetError = ref<string | null>(null);
  const failures = useFailuresStore();

  function query(): ListInput {
    const input: ListInput = {
      search: filters.search,
      status: filters.status,
      temperature: filters.temperature,
      sort: sort.value,
      limit: pageSize.value,
      offset: (page.value - 1) * pageSize.value,
    };
    if (filters.source.trim()) input.source = filters.source.trim();
    if (filters.departement.trim()) input.departement = filters.departement.trim().toUpperCase();
    if (filters.from) input.from = parisMidnight(...dateParts(filters.from));
    if (filters.to) {
      const [y, m, d] = dateParts(filters.to);
      input.to = parisMidnight(y, m, d + 1);
    }
    return input;
  }

  async function load() {
    const id = ++requestId;
    loading.value = true;
    const result = await api.tryCall('leads.list', query());
    // An older, slower page must not overwrite the answer to the newer one.
    if (id !== requestId) return;
    loading.value = false;
    error.value = result.ok ? null : result.error.message;
    if (result.ok) {
      items.value = result.value.items;
      total.value = result.value.total;
    }
  }

  /** The filters a link brings, e.g. the dashboard's click-through (?departement=37&status=won&from=…&to=…); the core validates the values. */
  function applyQuery(q: Record<string, unknown>) {
    const one = (k: string) => (typeof q[k] === 'string' ? q[k] : '');
    const list = (k: string) => [q[k]].flat().filter((v): v is string => typeof v === 'string' && v !== '');
    Object.assign(filters, { search: '', status: list('status'), temperature: list('temperature'), source: one('source'), departement: one('departement'), from: one('from'), to: one('to') });
    page.value = 1;
  }

  function resetFilters() {
    Object.assign(filters, { search: '', status: [], temperature: [], source: '', departement: '', from: '', to: '' });
    page.value = 1;
  }

  async function openSheet(id: number) {
    const [got, routed] = await Promise.all([api.tryCall('leads.get', { id }), api.tryCall('routing.history', { leadId: id })]);
    sheetError.value = got.ok ? null : got.error.message;
    sheet.value = got.ok ? got.value : null;
    history.value = routed.ok ? routed.value : [];
  }

  /** A member's answer; a decline is re-routed by the core, so the history is read again (and the lead, when the step came from a stale one). */
  async function record(input: Input<'workflow.record'>): Promise<Result<Output<'workflow.record'>>> {
    const result = await api.tryCall('workflow.record', input);
    if (result.ok || failures.stale(result)) await openSheet(input.leadId);
    return result;
  }

  /** The leads the filters select, every field and extra column, as a CSV file. */
  async function exportCsv() {
    const { limit: _limit, offset: _offset, ...filtersOnly } = query();
    return api.tryCall('leads.exportCsv', filtersOnly);
  }

  return { filters, sort, page, pageSize, items, total, loading, error, sheet, history, sheetError, load, applyQuery, resetFilters, openSheet, record, exportCsv };
});
