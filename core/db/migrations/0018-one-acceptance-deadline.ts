import type { Db } from '../connection';

/**
 * One acceptance deadline: the routing setting `reassignAfterHours` (business hours per
 * temperature before re-assignment) goes, and the SLA targets' `accept` hours become both the
 * deadline and the re-assignment instant (common/sla.ts). The hours that drove re-assignment
 * until now win: where the latest routing settings gave other hours than the targets, they
 * become the targets' `accept` hours, so the open dispatches keep the deadline stored with them
 * and the dashboard judges by it. Older routing versions keep their text as it was recorded.
 */
const TEMPERATURES = ['hot', 'warm', 'cold'] as const;
type Step = { accept: number; contact: number; quote: number };

/** The targets' defaults when this migration shipped: a setting never saved reads as them. */
const DEFAULT_TARGETS = {
  qualify: 4,
  hot: { accept: 4, contact: 24, quote: 72 },
  warm: { accept: 8, contact: 48, quote: 120 },
  cold: { accept: 24, contact: 96, quote: 240 },
  atRiskShare: 0.75,
};

export function up(db: Db): void {
  // Plain get() and portable SQL: the PostgreSQL twin runs this same function.
  const latest = (db.prepare('SELECT settings FROM routing_settings ORDER BY id DESC LIMIT 1').get() as { settings: string } | undefined)?.settings;
  const after = latest ? (JSON.parse(latest) as { reassignAfterHours?: Record<(typeof TEMPERATURES)[number], number> }).reassignAfterHours : undefined;
  if (!after) return;
  const stored = (db.prepare("SELECT value FROM settings WHERE key = 'sla.targets'").get() as { value: string } | undefined)?.value;
  const targets: Record<string, unknown> = { ...DEFAULT_TARGETS, ...(stored ? (JSON.parse(stored) as object) : {}) };
  const step = (t: (typeof TEMPERATURES)[number]) => ({ ...DEFAULT_TARGETS[t], ...(targets[t] as Partial<Step> | undefined) });
  if (TEMPERATURES.every((t) => step(t).accept === after[t])) return;
  for (const t of TEMPERATURES) targets[t] = { ...step(t), accept: after[t] };
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sla.targets', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at").run(
    JSON.stringify(targets),
    Date.now(),
  );
}
