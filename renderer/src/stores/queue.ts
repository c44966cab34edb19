/**
 * The qualifier's queue: the leads to qualify, the one being worked on (its sheet, its
 * duplicates and, once qualified, the routing suggestion), the one-key decisions, and today's
 * progress. After each decision the next lead opens by itself.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Input, type Output, type Result } from '../api';
import { parisDay } from '../../../common/paris';
import { useFailuresStore } from './failures';
import type { Aint, Bant, Temperature } from '../../../common/leads';

export type QueueItem = Output<'queue.list'>['items'][number];
export type LeadSheet = Output<'leads.get'>;
export type Suggestion = Output<'routing.suggest'>;
export type DuplicatePair = Output<'leads.duplicates'>[number];
export type QueueOrder = NonNullable<Input<'queue.list'>['order']>;

const PROGRESS_KEY = 'aiguillage.queue.progress';

/** Today's count survives a reload, and starts again at 0 the next day. */
function readProgress(today: string): number {
  try {
    const saved = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? '{}') as { day?: string; done?: number };
    return saved.day === today ? (saved.done ?? 0) : 0;
  } catch {
    return 0;
  }
}

export const useQueueStore = defineStore('queue', () => {
  const items = ref<QueueItem[]>([]);
  const total = ref(0);
  /** Leads in the queue whose qualification clock is amber, and those past it. */
  const atRisk = ref(0);
  const late = ref(0);
  const order = ref<QueueOrder>('oldest');
  const loading = ref(false);
  const error = ref<string | null>(null);
  const currentId = ref<number | null>(null);
  const sheet = ref<LeadSheet | null>(null);
  const duplicates = ref<DuplicatePair[]>([]);
  const suggestion = ref<Suggestion | null>(null);
  const suggestionError = ref<string | null>(null);
  const busy = ref(false);
  const doneToday = ref(readProgress(parisDay(Date.now())));
  /** Skipped in this session: they stay in the queue but the next lead is another one. */
  const skipped = ref<Set<number>>(new Set());
  const failures = useFailuresStore();

  const visible = computed(() => items.value.filter((i) => !skipped.value.has(i.lead.id)));
  const current = computed(() => items.value.find((i) => i.lead.id === currentId.value) ?? null);
  const qualified = computed(() => sheet.value?.lead.status === 'qualified' || sheet.value?.lead.status === 'declined');

  async function load() {
    loading.value = true;
    const result = await api.tryCall('queue.list', { order: order.value, limit: 200 });
    loading.value = false;
    error.value = result.ok ? null : result.error.message;
    if (!result.ok) return;
    items.value = result.value.items;
    total.value = result.value.total;
    atRisk.value = result.value.atRisk;
    late.value = result.value.late;
    // The sheet being worked on stays open (a qualified lead leaves the list but waits for dispatch).
    if (currentId.value === null) await open(visible.value[0]?.lead.id ?? null);
  }

  async function open(id: number | null) {
    currentId.value = id;
    suggestion.value = null;
    suggestionError.value = null;
    duplicates.value = [];
    if (id === null) {
      sheet.value = null;
      return;
    }
    const [got, dupes] = await Promise.all([api.tryCall('leads.get', { id }), api.tryCall('leads.duplicates', { leadId: id })]);
    if (currentId.value !== id) return;
    sheet.value = got.ok ? got.value : null;
    if (!got.ok) error.value = got.error.message;
    duplicates.value = dupes.ok ? dupes.value : [];
    if (qualified.value) await suggest();
  }

  async function suggest() {
    const id = currentId.value;
    if (id === null) return;
    const result = await api.tryCall('routing.suggest', { leadId: id });
    if (currentId.value !== id) return;
    suggestion.value = result.ok ? result.value : null;
    suggestionError.value = result.ok ? null : result.error.message;
  }

  /** Moves the selection by `step` among the visible leads (J/K, arrows). */
  async function move(step: number) {
    const list = visible.value;
    if (!list.length) return;
    const index = list.findIndex((i) => i.lead.id === currentId.value);
    const next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    await open(list[next]!.lead.id);
  }

  /** The lead after the current one (or the first) once the current one has been handled. */
  async function openNext(handledId: number) {
    const list = visible.value.filter((i) => i.lead.id !== handledId);
    const before = visible.value.findIndex((i) => i.lead.id === handledId);
    currentId.value = null;
    await load();
    const fresh = visible.value.filter((i) => i.lead.id !== handledId);
    const pick = fresh[Math.max(0, Math.min(before, fresh.length - 1))] ?? list[0];
    await open(pick?.lead.id ?? null);
  }

  function countDone() {
    doneToday.value = readProgress(parisDay(Date.now())) + 1;
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ day: parisDay(Date.now()), done: doneToday.value }));
  }

  /** The version of the lead the sheet shows, sent with each edit of it (a stale one is refused). */
  const seen = (id: number) => (sheet.value?.lead.id === id ? sheet.value.lead.version : undefined);

  async function run<T>(action: () => Promise<Result<T>>): Promise<Result<T>> {
    const id = currentId.value;
    busy.value = true;
    const result = await action();
    busy.value = false;
    // Someone else changed the lead meanwhile: its message is shown, and the queue and the lead as they are now.
    if (failures.stale(result)) await Promise.all([open(id), load()]);
    else if (!result.ok) error.value = result.error.message;
    return result;
  }

  /** Qualifying keeps the lead open: the suggestion appears and D dispatches it. */
  async function qualify(temperature: Temperature, answers: { bant?: Bant; aint?: Aint } = {}) {
    const id = currentId.value;
    if (id === null) return null;
    const result = await run(() => api.tryCall('leads.qualify', { id, temperature, ...answers, expectedVersion: seen(id) }));
    if (!result.ok) return result;
    error.value = null;
    await open(id);
    void load();
    return result;
  }

  async function finish<T>(id: number, action: () => Promise<Result<T>>): Promise<Result<T>> {
    const result = await run(action);
    if (!result.ok) return result;
    error.value = null;
    countDone();
    await openNext(id);
    return result;
  }

  const withCurrent = <T>(action: (id: number) => Promise<Result<T>>) => {
    const id = currentId.value;
    return id === null ? Promise.resolve(null) : finish(id, () => action(id));
  };

  const discard = (reason: string) => withCurrent((id) => api.tryCall('leads.discard', { id, reason, expectedVersion: seen(id) }));
  const nurture = (requalifyOn: string) => withCurrent((id) => api.tryCall('leads.nurture', { id, requalifyOn, expectedVersion: seen(id) }));
  const dispatch = () => withCurrent((leadId) => api.tryCall('routing.dispatch', { leadId, expectedVersion: seen(leadId) }));
  const dispatchTo = (memberId: number, reason: string) => withCurrent((leadId) => api.tryCall('routing.dispatch', { leadId, memberId, reason, expectedVersion: seen(leadId) }));

  async function skip() {
    const id = currentId.value;
    if (id === null) return;
    skipped.value = new Set([...skipped.value, id]);
    await openNext(id);
  }

  async function setOrder(value: QueueOrder) {
    order.value = value;
    currentId.value = null;
    await load();
  }

  return {
    items,
    visible,
    total,
    atRisk,
    late,
    order,
    loading,
    error,
    current,
    currentId,
    sheet,
    duplicates,
    suggestion,
    suggestionError,
    busy,
    doneToday,
    qualified,
    load,
    open,
    move,
    qualify,
    discard,
    nurture,
    dispatch,
    dispatchTo,
    skip,
    setOrder,
    suggest,
  };
});
