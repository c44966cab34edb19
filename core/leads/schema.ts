/** What a lead is, as commands accept and return it. Times are epoch ms UTC; money in cents. */
import { z } from 'zod';
import type { Precision } from '../geo/types';
import { zmsg } from '../language';
import { instantSchema } from './dates';
import { AUTHORITY, INTEREST, NEED, TIMELINE, type LeadStatus, type Temperature } from '../../common/leads';

export { LEAD_STATUSES, TEMPERATURES, EMPTY_AINT, EMPTY_BANT, type LeadStatus, type Temperature, type Timeline } from '../../common/leads';

/** BANT as commands accept it (common/leads.ts says what each answer means). */
export const bantSchema = z.object({
  budgetCents: z.number().int().min(0).nullable().default(null),
  authority: z.enum(AUTHORITY).nullable().default(null),
  need: z.enum(NEED).nullable().default(null),
  timeline: z.enum(TIMELINE).nullable().default(null),
});
export const aintSchema = z.object({
  authority: z.enum(AUTHORITY).nullable().default(null),
  interest: z.enum(INTEREST).nullable().default(null),
  need: z.enum(NEED).nullable().default(null),
  timing: z.enum(TIMELINE).nullable().default(null),
});
export type Bant = z.output<typeof bantSchema>;
export type Aint = z.output<typeof aintSchema>;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, zmsg(`At most ${max} characters`, `${max} caractères au plus`))
    .default('');

/**
 * What a person may type for a lead. Raw text on purpose: create and import share one
 * normaliser (phones to E.164, names capitalised...) so a manual entry is stored like an import.
 */
export const leadInput = z.object({
  civility: text(20),
  firstName: text(80),
  lastName: text(80),
  phone: text(40),
  email: text(254),
  company: text(160),
  companySize: z.number().int().min(0).nullable().default(null),
  address: text(200),
  postalCode: text(10),
  city: text(120),
  country: z.string().trim().length(2).toUpperCase().default('FR'),
  source: text(80),
  channel: text(80),
  campaign: text(120),
  product: text(80),
  comment: text(4000),
  consentAt: instantSchema.nullable().default(null),
  consentHow: text(200),
  consentFor: text(200),
  receivedAt: instantSchema.nullable().default(null),
});
export type LeadInput = z.output<typeof leadInput>;

/** A file column no lead field took, kept on the lead under its header (never dropped). */
export interface ExtraField {
  name: string;
  value: string;
}

/** A commune the lead's town could be, for the user to pick. */
export interface CommuneChoice {
  insee: string;
  name: string;
  postalCode: string;
  departement: string;
}

/**
 * Why a lead's place waits for a person: its town (given without postal code) names several
 * communes or none (pick one), or it has no postal code and no town at all. Such a lead has no point, so routing keeps it at the
 * head office until the place is fixed.
 */
export type LocationCheck = { kind: 'ambiguous_town' | 'unknown_town'; town: string; candidates: CommuneChoice[] } | { kind: 'no_location' };

/** A lead's stored fields after normalisation (what store.ts writes). */
export interface LeadFields {
  civility: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  company: string;
  companySize: number | null;
  address: string;
  postalCode: string;
  city: string;
  country: string;
  lat: number | null;
  lon: number | null;
  geoPrecision: Precision | null;
  departement: string | null;
  source: string;
  channel: string;
  campaign: string;
  product: string;
  comment: string;
  consentAt: number | null;
  consentHow: string;
  consentFor: string;
  receivedAt: number;
  /** The source's own reference for the lead (a call center's file number), to reconcile feedback and re-sends. */
  externalRef: string;
  /** The budget and timeline as the source wrote them; the BANT answers hold what was read from them. */
  budgetText: string;
  timelineText: string;
  extra: ExtraField[];
  locationCheck: LocationCheck | null;
}

export interface ScoreLine {
  factor: string;
  value: string;
  points: number;
}

export interface Lead extends LeadFields {
  id: number;
  bant: Bant;
  aint: Aint;
  temperature: Temperature | null;
  score: number;
  scoreBreakdown: ScoreLine[];
  status: LeadStatus;
  /** Local date (Europe/Paris) YYYY-MM-DD on which a nurtured lead comes back to the queue. */
  requalifyOn: string | null;
  importId: number | null;
  importLine: number | null;
  /** The member the lead is assigned to now (null before dispatch, in the pool, or back at the head office). */
  ownerMemberId: number | null;
  reassignments: number;
  /** When the personal fields were blanked (retention period or erasure on request), null if never. */
  anonymisedAt: number | null;
  /** Raised by every change of the row: an edit naming the version it saw is refused once it moved (core/db/row-version.ts). */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface LeadEvent {
  id: number;
  leadId: number;
  type: string;
  at: number;
  actor: string;
  data: Record<string, unknown>;
}

export const leadId = z.object({ id: z.number().int().positive() });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, zmsg('A date is written YYYY-MM-DD', 'Une date s’écrit AAAA-MM-JJ'));

/** leads.update: the same fields, none required, and no defaults (absent means unchanged). */
export const leadChanges = z.object(
  Object.fromEntries(Object.entries(leadInput.shape).map(([k, s]) => [k, s.unwrap().optional()])) as {
    [K in keyof typeof leadInput.shape]: z.ZodOptional<ReturnType<(typeof leadInput.shape)[K]['unwrap']>>;
  },
);
