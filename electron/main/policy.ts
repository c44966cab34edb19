/**
 * The window's security decisions as plain functions (no Electron at runtime), so the tests
 * check them without the Electron binary: which IPC sender is trusted, where the window may
 * navigate, what window.open does, and which file an app:// URL may serve.
 */
import { join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://aiguillage`;

/** The part of an IPC event the check reads (Electron's WebFrameMain). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** IPC is answered only for the app's own top-level frame: not an iframe, not another origin. */
export function isTrustedFrame(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && frame.url.startsWith(APP_ORIGIN + '/');
}

/** The app needs no browser permission (camera, location, notifications, clipboard...): all are refused. */
export function permissionGranted(_permission: string): boolean {
  return false;
}

/** The window never leaves the app's own pages. */
export function navigationAllowed(url: string): boolean {
  return url.startsWith(APP_ORIGIN + '/');
}

/** Every way the window or one of its frames can be moved to another page: each is checked with navigationAllowed. */
export const NAVIGATION_EVENTS = ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const;

/** The View menu's entries: the developer tools only in a development build, never in the packaged app. */
export function viewMenuRoles(packaged: boolean): ('reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'separator')[] {
  return ['reload', ...(packaged ? [] : (['toggleDevTools'] as const)), 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen'];
}

/** window.open never opens a window; https links go to the system browser, anything else nowhere. */
export function windowOpenTarget(url: string): 'system-browser' | 'nowhere' {
  return url.startsWith('https://') ? 'system-browser' : 'nowhere';
}

/** The file an app:// request may read inside the renderer folder, or null (other host, path outside). */
export function rendererFile(rendererDir: string, requestUrl: string): string | null {
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'aiguillage') return null;
  const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
  const file = join(rendererDir, rel);
  return file.startsWith(rendererDir + sep) ? file : null;
}

/**
 * Whether the operating system's key store can protect the app's secrets. On Linux without a
 * keyring Electron falls back to "basic_text", a fixed password built into Chromium: no better
 * than a key file, so the core's owner-only key file is used instead.
 */
export function osKeyStoreUsable(available: boolean, platform: NodeJS.Platform, linuxBackend: string): boolean {
  return available && (platform !== 'linux' || (linuxBackend !== 'basic_text' && linuxBackend !== 'unknown'));
}
