/**
 * The two requests of a mail's answer link (core/mail/links.ts), answered by the accounts guard
 * without a session (the member may have no account):
 *   POST /answer/check {token} -> the lead as the member may see it before accepting, or why the
 *        link cannot be used (spends nothing: the page a mail scanner opens calls only this)
 *   POST /answer {token, action, reason?, comment?} -> the lead accepted or declined, the link spent
 * A refused link answers 410 with the reason and a message the page shows as it is. A token that
 * names no link counts as a failed attempt for the client's address, so guessing links is slowed
 * as password guessing is (core/users/throttle.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../core/commands/define';
import { answerByLink, answerInput, checkLink, type LinkRefusal } from '../core/mail/links';
import { recordFailure, retryAfter } from '../core/users/throttle';
import type { Reply } from './server';

export interface AnswerCall {
  db: Context;
  body: unknown;
  address: string;
  message: (en: string, fr: string) => string;
}

export const isAnswerPath = (req: IncomingMessage, pathname: string) => req.method === 'POST' && (pathname === '/answer' || pathname === '/answer/check');

export function answerRoute(res: ServerResponse, pathname: string, { db, body, address, message }: AnswerCall, reply: Reply): void {
  const key = `answer:${address}`;
  const wait = retryAfter(db.db, key, address, db.now());
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return reply(res, 429, { ok: false, error: { code: 'forbidden', message: message(`Too many attempts: try again in ${seconds} s.`, `Trop de tentatives : réessayez dans ${seconds} s.`) } });
  }
  const { token } = (body ?? {}) as { token?: unknown };
  if (typeof token !== 'string') return reply(res, 400, { ok: false, error: { code: 'invalid_input', message: message('Send the link’s token.', 'Envoyez le jeton du lien.') } });
  const refuse = (reason: LinkRefusal) => {
    if (reason === 'unknown') recordFailure(db.db, key, address, db.now());
    reply(res, 410, { ok: false, error: { code: 'forbidden', message: refusal(reason, message), reason } });
  };
  const state = checkLink(db, token);
  if (!state.ok) return refuse(state.reason);
  if (pathname === '/answer/check') return reply(res, 200, { ok: true, value: state });
  const input = answerInput.safeParse(body);
  if (!input.success) {
    const issues = input.error.issues.map((i) => ({ path: i.path, message: i.message }));
    return reply(res, 400, { ok: false, error: { code: 'invalid_input', message: issues[0]?.message ?? 'Invalid input.', issues } });
  }
  const answer = answerByLink(db, input.data, address);
  if (!answer.ok) return refuse(answer.reason);
  reply(res, 200, { ok: true, value: answer });
}

function refusal(reason: LinkRefusal, message: AnswerCall['message']): string {
  if (reason === 'used') return message('This link has been used already: the answer it gave is recorded.', 'Ce lien a déjà servi : la réponse donnée est enregistrée.');
  if (reason === 'expired')
    return message(
      'This link has expired: the time to answer this lead is over, and it goes to another member.',
      'Ce lien a expiré : le délai pour répondre à ce lead est passé, il est confié à un autre membre.',
    );
  if (reason === 'ended')
    return message(
      'This lead is no longer waiting for your answer: it has been answered or given to another member.',
      'Ce lead n’attend plus votre réponse : il a reçu une réponse ou a été confié à un autre membre.',
    );
  return message('This link is not valid: check that it is complete, or ask the head office.', 'Ce lien n’est pas valide : vérifiez qu’il est complet, ou adressez-vous à la tête de réseau.');
}
