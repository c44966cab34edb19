/**
 * The erasure reasons the core accepts (ERASURE_REASONS in core/privacy/audit.ts; the renderer
 * imports only types from core), in the order the dialog offers them. The record's type makes
 * the type-check fail when the core's list gains or loses a reason.
 */
import type { Input } from '../../api';

export type ErasureReason = Input<'privacy.erase'>['reason'];
const ORDER: Record<ErasureReason, number> = { request: 0, 'consent-withdrawn': 1, objection: 2, unlawful: 3, 'legal-obligation': 4, other: 5 };
export const REASONS = (Object.keys(ORDER) as ErasureReason[]).sort((a, b) => ORDER[a] - ORDER[b]);
