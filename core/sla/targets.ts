/**
 * SLA targets as a setting: per temperature, the business hours a member has to accept a
 * dispatched lead, to contact the person and to send a quote, and before all of them the head
 * office's own clock: a lead waiting in the queue must be qualified within `qualify` business
 * hours. common/sla.ts turns them into deadlines.
 */
import { z } from 'zod';
import type { SlaTargets } from '../../common/sla';

const hours = z.number().min(0.25, 'At least a quarter of an hour').max(2000, 'At most 2,000 business hours');
const perTemperature = z.object({ accept: hours, contact: hours, quote: hours });

export const slaTargetsSchema = z.object({
  /** From reception (or return from nurturing) to qualification; the temperature is not known yet. */
  qualify: hours.default(4),
  hot: perTemperature.default({ accept: 4, contact: 24, quote: 72 }),
  warm: perTemperature.default({ accept: 8, contact: 48, quote: 120 }),
  cold: perTemperature.default({ accept: 24, contact: 96, quote: 240 }),
  /** Share of the allowed time after which a running clock shows as at risk (amber). */
  atRiskShare: z.number().min(0.1).max(0.99).default(0.75),
});

export const DEFAULT_SLA_TARGETS: SlaTargets = slaTargetsSchema.parse({});
