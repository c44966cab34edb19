/**
 * Loading the network from a spreadsheet: read the file (and an optional second file of
 * absences), preview the whole plan with the proposed or remembered mappings, re-plan as the
 * user corrects a column, tick the absent members to archive, then import in one go.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type Input, type Output } from '../api';
import { readBase64 } from './intake';

export type MemberImportPreview = Output<'members.import.preview'>;
export type MemberImportResult = Output<'members.import.run'>;
type MemberMapping = NonNullable<Input<'members.import.preview'>['mapping']>;
type AbsenceMapping = NonNullable<Input<'members.import.preview'>['absenceMapping']>;
export type MemberField = keyof MemberMapping;
export type AbsenceField = keyof AbsenceMapping;

interface Picked {
  fileName: string;
  contentBase64: string;
}

/** Header -> field, as the selects edit it, from a field -> header mapping. */
function byHeader<F extends string>(headers: string[], mapping: Partial<Record<F, string>>): Record<string, F | null> {
  const out: Record<string, F | null> = Object.fromEntries(headers.map((h) => [h, null]));
  for (const [field, header] of Object.entries(mapping) as [F, string][]) if (header in out) out[header] = field;
  return out;
}

function toMapping<F extends string>(columns: Record<string, F | null>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [header, field] of Object.entries(columns)) if (field) out[field] = header;
  return out;
}

/** One field per column: choosing a field used elsewhere takes it from that column. */
function assignIn<F extends string>(columns: Record<string, F | null>, header: string, field: F | null): Record<string, F | null> {
  const next = { ...columns };
  if (field) for (const h of Object.keys(next)) if (next[h] === field) next[h] = null;
  next[header] = field;
  return next;
}

export const useMemberImportStore = defineStore('memberImport', () => {
  const file = ref<Picked | null>(null);
  const absencesFile = ref<Picked | null>(null);
  const preview = ref<MemberImportPreview | null>(null);
  const columns = ref<Record<string, MemberField | null>>({});
  const absenceColumns = ref<Record<string, AbsenceField | null>>({});
  const archive = ref<number[]>([]);
  const saveMapping = ref(true);
  const result = ref<MemberImportResult | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  let requestId = 0;

  function reset() {
    file.value = null;
    absencesFile.value = null;
    preview.value = null;
    columns.value = {};
    absenceColumns.value = {};
    archive.value = [];
    result.value = null;
    error.value = null;
  }

  async function pick(f: File): Promise<Picked | null> {
    try {
      return { fileName: f.name, contentBase64: await readBase64(f) };
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    }
  }

  async function choose(f: File) {
    const picked = await pick(f);
    if (!picked) return;
    reset();
    file.value = picked;
    await plan(false);
  }

  async function chooseAbsences(f: File) {
    absencesFile.value = await pick(f);
    absenceColumns.value = {};
    if (file.value) await plan(true);
  }

  function input(withMapping: boolean): Input<'members.import.preview'> {
    const out: Input<'members.import.preview'> = { ...file.value! };
    if (absencesFile.value) out.absencesFile = absencesFile.value;
    if (withMapping && preview.value) {
      out.mapping = toMapping(columns.value);
      if (preview.value.absences && Object.keys(absenceColumns.value).length) out.absenceMapping = toMapping(absenceColumns.value);
    }
    return out;
  }

  /** Plans the import; with the mapping on screen once there is one, the core's proposal the first time. */
  async function plan(withMapping = true) {
    if (!file.value) return;
    const id = ++requestId;
    busy.value = true;
    const answer = await api.tryCall('members.import.preview', input(withMapping));
    if (id !== requestId) return;
    busy.value = false;
    error.value = answer.ok ? null : answer.error.message;
    if (!answer.ok) return;
    preview.value = answer.value;
    columns.value = byHeader(answer.value.headers, answer.value.mapping);
    absenceColumns.value = answer.value.absences ? byHeader(answer.value.absences.headers, answer.value.absences.mapping) : {};
    const absent = new Set(answer.value.plan.absent.map((a) => a.id));
    archive.value = archive.value.filter((id) => absent.has(id));
  }

  async function assign(header: string, field: MemberField | null) {
    columns.value = assignIn(columns.value, header, field);
    await plan();
  }

  async function assignAbsence(header: string, field: AbsenceField | null) {
    absenceColumns.value = assignIn(absenceColumns.value, header, field);
    await plan();
  }

  async function run() {
    if (!file.value || !preview.value) return;
    busy.value = true;
    const base = input(true);
    const answer = await api.tryCall('members.import.run', { ...base, mapping: base.mapping ?? {}, saveMapping: saveMapping.value, archiveIds: archive.value });
    busy.value = false;
    if (!answer.ok) {
      error.value = answer.error.message;
      return;
    }
    result.value = answer.value;
  }

  return { file, absencesFile, preview, columns, absenceColumns, archive, saveMapping, result, error, busy, reset, choose, chooseAbsences, plan, assign, assignAbsence, run };
});
