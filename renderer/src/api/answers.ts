/** A mail's answer link's two requests (host/answers.ts): what the link is for, and the confirmed answer. Neither needs a session. */
import type { AnswerAction, LinkAnswer, LinkState } from '../../../core/mail/links';
import type { DeclineReason } from '../../../common/extranet';
import { postWithoutSession } from './account';

export type OpenLink = Extract<LinkState, { ok: true }>;
export type GivenAnswer = Extract<LinkAnswer, { ok: true }>;

/** Reading it spends nothing: a mail scanner opening the link changes nothing. */
export const checkAnswerLink = (token: string, language: string) => postWithoutSession<OpenLink>('/answer/check', { token }, language);

export const answerThroughLink = (token: string, action: AnswerAction, decline: { reason: DeclineReason | null; comment: string }, language: string) =>
  postWithoutSession<GivenAnswer>('/answer', { token, action, ...(action === 'decline' ? { reason: decline.reason ?? undefined, comment: decline.comment } : {}) }, language);
