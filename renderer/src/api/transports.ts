/**
 * Picks the transport: Electron's preload bridge when present (the local database, or the server
 * the desktop app connected to); the browser host with this run's token when the page was opened
 * with one; otherwise a server, where people sign in.
 */
import type { Transport } from './client';
import { serverTransport } from './account';
import { desktopTransport, type DesktopBridge } from './desktop';

declare global {
  interface Window {
    aiguillage?: DesktopBridge;
  }
}

const TOKEN_KEY = 'aiguillage.token';

/**
 * The browser host prints a URL with ?token=...; keep it for this tab (survives reloads)
 * and take it out of the address bar so it does not end up in bookmarks or screenshots.
 */
export function readHostToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function httpTransport(token: string): Transport {
  return {
    async call(method, input, language) {
      const response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-aiguillage-token': token, 'x-aiguillage-language': language ?? 'en' },
        body: JSON.stringify(input ?? {}),
      });
      if (response.status === 401) {
        return { ok: false, error: { code: 'forbidden', message: 'This page has no valid session token. Open the URL printed by the app again.' } };
      }
      return response.json();
    },
  };
}

export function detectTransport(): { transport: Transport; server: boolean } {
  if (window.aiguillage) return { transport: desktopTransport(window.aiguillage), server: false };
  const token = readHostToken();
  return token ? { transport: httpTransport(token), server: false } : { transport: serverTransport(), server: true };
}
