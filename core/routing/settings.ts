/**
 * Routing settings: how candidates are weighed and which are left out. Stored versioned (each
 * saved change is a new version) so every decision records the version it was made with.
 */
import { z } from 'zod';

const weight = z.number().min(0, 'Weights are 0 or more').max(10, 'At most 10');

export const routingSettingsSchema = z.object({
  /** push: the lead is assigned to one member; pull: published to a pool that eligible members claim. */
  mode: z.enum(['push', 'pull']).default('push'),
  weights: z
    .object({
      priority: weight.default(1),
      distance: weight.default(1),
      load: weight.default(1),
      conversion: weight.default(0.5),
    })
    .default({ priority: 1, distance: 1, load: 1, conversion: 0.5 }),
  /** Distance at which the distance factor reaches 0. */
  distanceScaleKm: z.number().min(1).max(1000).default(100),
  requireProductMatch: z.boolean().default(true),
  /** A lead whose product label the catalogue does not know: held at the head office (to map the label, then route), or routed ignoring the product. */
  unknownProduct: z.enum(['head_office', 'ignore_product']).default('head_office'),
  excludeOverCapacity: z.boolean().default(true),
  whiteZone: z
    .object({
      policy: z.enum(['nearest', 'head_office', 'pool']).default('nearest'),
      maxKm: z.number().min(1).max(500).default(50),
    })
    .default({ policy: 'nearest', maxKm: 50 }),
  /** Re-assignments (each at the acceptance deadline of common/sla.ts) before the head office takes the lead. */
  maxReassignments: z.number().int().min(0).max(20).default(3),
});

export type RoutingSettings = z.output<typeof routingSettingsSchema>;

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = routingSettingsSchema.parse({});
