/**
 * What a lead is, in the words the core and the screens share: its statuses, the member's answers
 * and from which statuses each may be recorded, the temperatures, the BANT/AINT answers. Values,
 * not only types, so the renderer offers exactly what the core accepts without repeating it.
 */

export const LEAD_STATUSES = ['new', 'qualified', 'discarded', 'nurturing', 'dispatched', 'accepted', 'declined', 'contacted', 'quoted', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const TEMPERATURES = ['hot', 'warm', 'cold'] as const;
export type Temperature = (typeof TEMPERATURES)[number];

export const AUTHORITY = ['decision_maker', 'influencer', 'none'] as const;
export const NEED = ['confirmed', 'vague', 'none'] as const;
export const TIMELINE = ['immediate', 'within_3_months', 'within_6_months', 'later'] as const;
export type Timeline = (typeof TIMELINE)[number];
export const INTEREST = ['high', 'medium', 'low'] as const;

/** BANT: every answer optional, null when the qualifier has not asked yet. */
export interface Bant {
  budgetCents: number | null;
  authority: (typeof AUTHORITY)[number] | null;
  need: (typeof NEED)[number] | null;
  timeline: Timeline | null;
}
export interface Aint {
  authority: (typeof AUTHORITY)[number] | null;
  interest: (typeof INTEREST)[number] | null;
  need: (typeof NEED)[number] | null;
  timing: Timeline | null;
}
export const EMPTY_BANT: Readonly<Bant> = { budgetCents: null, authority: null, need: null, timeline: null };
export const EMPTY_AINT: Readonly<Aint> = { authority: null, interest: null, need: null, timing: null };

/** The member's answers after dispatch, in the order the screens offer them. */
export const STEPS = ['accepted', 'declined', 'claimed', 'contacted', 'quote_1', 'quote_2', 'follow_up', 'won', 'lost'] as const;
export type Step = (typeof STEPS)[number];

/** From which statuses each step may be recorded, and the status it leads to (null: unchanged). */
export const STEP_RULES: Readonly<Record<Step, { from: readonly LeadStatus[]; to: LeadStatus | null }>> = {
  accepted: { from: ['dispatched'], to: 'accepted' },
  declined: { from: ['dispatched'], to: 'declined' },
  claimed: { from: ['dispatched'], to: 'accepted' },
  contacted: { from: ['accepted', 'contacted'], to: 'contacted' },
  quote_1: { from: ['accepted', 'contacted', 'quoted'], to: 'quoted' },
  quote_2: { from: ['quoted'], to: 'quoted' },
  follow_up: { from: ['accepted', 'contacted', 'quoted'], to: null },
  won: { from: ['accepted', 'contacted', 'quoted'], to: 'won' },
  lost: { from: ['accepted', 'contacted', 'quoted'], to: 'lost' },
};

/** Steps that need a reason, and those that carry an amount. */
export const NEEDS_REASON: readonly Step[] = ['declined', 'lost'];
export const NEEDS_AMOUNT: readonly Step[] = ['quote_1', 'quote_2', 'won'];

/**
 * The answers the head office records for a member from a lead's status. A claim is left out: it
 * belongs to a pooled lead (its dispatch, not its status, says so) and has its own form.
 */
export function memberAnswers(status: LeadStatus): Step[] {
  return STEPS.filter((step) => step !== 'claimed' && STEP_RULES[step].from.includes(status));
}
