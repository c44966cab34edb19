/**
 * The member extranet's lists, shared by the core and the screens: why a member declines a lead
 * (a list, so the head office can count them; "other" asks for a comment), and the steps a
 * member records after accepting, in the order the lead page offers them.
 */
import type { Step } from './leads';

export const DECLINE_REASONS = ['out_of_area', 'no_capacity', 'not_our_product', 'duplicate', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const MEMBER_STEPS = ['contacted', 'quote_1', 'quote_2', 'follow_up', 'won', 'lost'] as const satisfies readonly Step[];
export type MemberStep = (typeof MEMBER_STEPS)[number];
