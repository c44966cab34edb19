/**
 * Importing a file of leads: read it in the browser, preview it (encoding, separator, proposed
 * mapping, first rows and their outcome), run it, then the report with its duplicates to merge,
 * the download of the report and the undo of the whole import.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';

export type Preview = Output<'intake.preview'>;
export type Mapping = Input<'intake.run'>['mapping'];
export type MappedField = keyof Mapping;
export type Report = Output<'intake.report'>;
export type DuplicatePair = Output<'leads.duplicates'>[number];

export type Phase = 'choose' | 'mapping' | 'running' | 'report';
export type Progress = Output<'intake.progress'>['progress'];

const POLL_MS = 250;

/** The file as base64, without the data-URL prefix the FileReader adds. */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export const useIntakeStore = defineStore('intake', () => {
  const phase = ref<Phase>('choose');
  const fileName = ref('');
  const content = ref('');
  const sourceName = ref('');
  const preview = ref<Preview | null>(null);
  /** Header -> lead field, as the selects edit it (one select per column). */
  const columns = ref<Record<string, MappedField | null>>({});
  const saveMapping = ref(true);
  const report = ref<Report | null>(null);
  const duplicates = ref<DuplicatePair[]>([]);
  const error = ref<string | null>(null);
  const busy = ref(false);
  const jobId = ref<string | null>(null);
  const progress = ref<Progress | null>(null);
  const cancelling = ref(false);
  /** Leads removed by the last cancelled import, for the message saying so. */
  const cancelledLeads = ref<number | null>(null);

  function reset() {
    phase.value = 'choose';
    fileName.value = '';
    content.value = '';
    preview.value = null;
    columns.value = {};
    report.value = null;
    duplicates.value = [];
    error.value = null;
    progress.value = null;
    cancelledLeads.value = null;
  }

  function mapping(): Mapping {
    const out: Mapping = {};
    for (const [header, field] of Object.entries(columns.value)) if (field) out[field] = header;
    return out;
  }

  function columnsOf(p: Preview): Record<string, MappedField | null> {
    const byHeader: Record<string, MappedField | null> = Object.fromEntries(p.headers.map((h) => [h, null]));
    for (const [field, header] of Object.entries(p.mapping) as [MappedField, string][]) if (header in byHeader) byHeader[header] = field;
    return byHeader;
  }

  async function choose(file: File) {
    error.value = null;
    busy.value = true;
    try {
      fileName.value = file.name;
      content.value = await readBase64(file);
    } catch (e) {
      busy.value = false;
      error.value = (e as Error).message;
      return;
    }
    if (!sourceName.value) sourceName.value = file.name.replace(/\.[^.]+$/, '');
    await runPreview();
    busy.value = false;
  }

  async function runPreview() {
    const input: Input<'intake.preview'> = { fileName: fileName.value, contentBase64: content.value };
    if (sourceName.value.trim()) input.sourceName = sourceName.value.trim();
    const result = await api.tryCall('intake.preview', input);
    error.value = result.ok ? null : result.error.message;
    if (!result.ok) return;
    preview.value = result.value;
    columns.value = columnsOf(result.value);
    phase.value = 'mapping';
  }

  /** One field per column: choosing a field already used elsewhere takes it from that column. */
  function assign(header: string, field: MappedField | null) {
    const next = { ...columns.value };
    if (field) for (const h of Object.keys(next)) if (next[h] === field) next[h] = null;
    next[header] = field;
    columns.value = next;
  }

  /** The import runs in the core's background; its progress is polled until it ends. */
  async function run(): Promise<Result<Report> | null> {
    phase.value = 'running';
    error.value = null;
    progress.value = null;
    const started = await api.tryCall('intake.start', {
      fileName: fileName.value,
      contentBase64: content.value,
      sourceName: sourceName.value.trim(),
      mapping: mapping(),
      saveMapping: saveMapping.value,
    });
    if (!started.ok) return (failed(started.error.message), started);
    jobId.value = started.value.jobId;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const state = await api.tryCall('intake.progress', { jobId: started.value.jobId });
      if (!state.ok) return (failed(state.error.message), state);
      progress.value = state.value.progress;
      cancelling.value = state.value.status === 'running' && state.value.cancelling;
      if (state.value.status === 'running') continue;
      jobId.value = null;
      cancelling.value = false;
      if (state.value.status === 'cancelled') {
        phase.value = 'mapping';
        cancelledLeads.value = state.value.removedLeads;
        return null;
      }
      if (state.value.status === 'error') return (failed(state.value.error.message), null);
      report.value = state.value.report;
      phase.value = 'report';
      await loadDuplicates();
      return { ok: true, value: state.value.report };
    }
  }

  function failed(message: string) {
    phase.value = 'mapping';
    jobId.value = null;
    error.value = message;
  }

  /** Stops the running import; the core undoes what it had committed. */
  async function cancel() {
    if (!jobId.value) return;
    const result = await api.tryCall('intake.cancel', { jobId: jobId.value });
    if (result.ok) cancelling.value = true;
    else error.value = result.error.message;
  }

  async function loadDuplicates() {
    if (!report.value) return;
    const result = await api.tryCall('leads.duplicates', { importId: report.value.importId });
    duplicates.value = result.ok ? result.value : [];
  }

  async function merge(pair: DuplicatePair) {
    // Keep the lead that was there first; the imported one brings its missing fields.
    const result = await api.tryCall('leads.merge', { keepId: pair.otherId, mergeId: pair.leadId });
    if (result.ok) await loadDuplicates();
    else error.value = result.error.message;
    return result;
  }

  async function undo() {
    if (!report.value) return null;
    const result = await api.tryCall('intake.undo', { importId: report.value.importId });
    if (!result.ok) {
      error.value = result.error.message;
      return result;
    }
    const refreshed = await api.tryCall('intake.report', { importId: report.value.importId });
    if (refreshed.ok) report.value = refreshed.value;
    duplicates.value = [];
    return result;
  }

  return {
    phase,
    fileName,
    sourceName,
    preview,
    columns,
    saveMapping,
    report,
    duplicates,
    error,
    busy,
    progress,
    cancelling,
    cancelledLeads,
    reset,
    choose,
    runPreview,
    assign,
    run,
    cancel,
    merge,
    undo,
  };
});
