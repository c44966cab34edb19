/**
 * A mail's answer link (#/answer/TOKEN/accept or /decline, core/mail/links.ts), read once as the
 * page loads: it opens the confirmation page whoever is signed in or not, and the router does not
 * start (its catch-all would send the address elsewhere).
 */
import type { AnswerAction } from '../../core/mail/links';

export const answerLink: { token: string; action: AnswerAction } | null = (() => {
  const match = /^#\/answer\/([\w-]{20,100})\/(accept|decline)$/.exec(window.location.hash);
  return match ? { token: match[1]!, action: match[2] as AnswerAction } : null;
})();
