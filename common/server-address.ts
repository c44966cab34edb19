/**
 * The address of an Aiguillage server the desktop app connects to, checked the same way by the
 * Settings form and by the main process, which alone talks to the server. HTTPS anywhere; plain
 * HTTP only to this machine (localhost, 127.x.x.x, ::1), since the password and the session
 * cookie would otherwise cross the network in clear. The address is the server's origin: no
 * path, query or credentials (the server answers at its root; a user:password@ part would be a
 * secret kept in the settings).
 */
import { isLoopbackHost } from './loopback';

/** Why an address is refused; the renderer shows each in the user's language. */
export type AddressProblem = 'malformed' | 'scheme' | 'plainHttp' | 'credentials' | 'path';

export function checkServerAddress(text: string): { ok: true; origin: string } | { ok: false; problem: AddressProblem } {
  const trimmed = text.trim();
  // A bare host name is almost always meant as https://host.
  const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (trimmed === '' || url.hostname === '') return { ok: false, problem: 'malformed' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme' };
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return { ok: false, problem: 'path' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, problem: 'plainHttp' };
  return { ok: true, origin: url.origin };
}
