/**
 * The signed-in person's own second factor (server mode, host/second-factor.ts): start an
 * enrolment (the secret and its otpauth:// URI, shown this once), confirm it with the first code
 * from the app, or turn it off with a current code (not for a member administrator).
 */
import type { Result } from './client';
import { sessionHeaders } from './account';

export interface Enrolment {
  secret: string;
  uri: string;
}

async function post<T>(path: string, body: object, language: string): Promise<Result<T>> {
  const response = await fetch(path, { method: 'POST', headers: sessionHeaders(language), body: JSON.stringify(body) });
  return (await response.json()) as Result<T>;
}

export const startSecondFactor = (language: string) => post<Enrolment>('/second-factor/start', {}, language);
export const confirmSecondFactor = (code: string, language: string) => post<null>('/second-factor/confirm', { code }, language);
export const turnSecondFactorOff = (code: string, language: string) => post<null>('/second-factor/off', { code }, language);
