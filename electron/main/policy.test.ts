/**
 * What electronegativity cannot see, checked without the Electron binary: the IPC sender check,
 * navigation and window.open, the app:// protocol's file resolution, the window's settings and
 * the fuses of the packaged app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isTrustedFrame, NAVIGATION_EVENTS, navigationAllowed, osKeyStoreUsable, viewMenuRoles, permissionGranted, rendererFile, windowOpenTarget } from './policy';

const root = join(import.meta.dirname, '..', '..');

/**
 * A source file with its layout folded (one space between words, none inside brackets, no
 * trailing comma), so that the checks below read the code, not how the formatter wrapped it.
 */
function code(path: string): string {
  return readFileSync(join(root, path), 'utf8')
    .replace(/\s+/g, ' ')
    .replace(/([([{]) /g, '$1')
    .replace(/,? ?([)\]}])/g, '$1');
}

describe('window security policy', () => {
  it('answers IPC from the app top frame only', () => {
    const top = { url: `${APP_ORIGIN}/index.html#/queue`, parent: null };
    expect(isTrustedFrame(top)).toBe(true);
    expect(isTrustedFrame({ ...top, parent: top })).toBe(false); // an iframe, even of the app
    expect(isTrustedFrame({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedFrame({ url: 'file:///home/user/index.html', parent: null })).toBe(false);
    expect(isTrustedFrame({ url: 'app://aiguillage.evil/index.html', parent: null })).toBe(false);
    expect(isTrustedFrame(null)).toBe(false);
    expect(isTrustedFrame(undefined)).toBe(false);
  });

  it('keeps the window on the app pages and never opens a new window', () => {
    expect(navigationAllowed(`${APP_ORIGIN}/index.html#/leads`)).toBe(true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'http://127.0.0.1:8080/', 'app://aiguillage.evil/', 'javascript:alert(1)']) expect(navigationAllowed(url)).toBe(false);
    expect(windowOpenTarget('https://www.service-public.fr/')).toBe('system-browser');
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'mailto:a@b.fr', `${APP_ORIGIN}/index.html`]) expect(windowOpenTarget(url)).toBe('nowhere');
  });

  it('checks redirects and frame navigations as well as navigations', () => {
    expect([...NAVIGATION_EVENTS].sort()).toEqual(['will-frame-navigate', 'will-navigate', 'will-redirect']);
    const security = code('electron/main/security.ts');
    expect(security).toMatch(/for \(const name of NAVIGATION_EVENTS\) contents\.on\(name as '[a-z-]+', stayInApp\)/);
    expect(security).toContain('if (!navigationAllowed(event.url)) event.preventDefault();');
  });

  it('has no developer tools in the packaged app', () => {
    expect(viewMenuRoles(true)).not.toContain('toggleDevTools');
    expect(viewMenuRoles(false)).toContain('toggleDevTools');
    expect(viewMenuRoles(true)).toEqual(['reload', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    const main = code('electron/main/index.ts');
    expect(main).toContain('devTools: !app.isPackaged');
    expect(main).toMatch(/buildMenu\([\s\S]*\}, app\.isPackaged\);/);
    const menu = code('electron/main/menu.ts');
    expect(menu).not.toMatch(/toggleDevTools/);
  });

  it('refuses every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) expect(permissionGranted(permission)).toBe(false);
    const security = code('electron/main/security.ts');
    expect(security).toContain('setPermissionRequestHandler((_wc, permission, callback) => callback(permissionGranted(permission)))');
  });

  it('serves the renderer through app:// from its folder only', () => {
    const dir = '/opt/aiguillage/renderer';
    expect(rendererFile(dir, `${APP_ORIGIN}/`)).toBe(`${dir}/index.html`);
    expect(rendererFile(dir, `${APP_ORIGIN}/assets/app.js`)).toBe(`${dir}/assets/app.js`);
    // Dot segments, plain or encoded, never climb out of the folder.
    for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc/passwd', '/%5c..%5c..%5cetc/passwd']) {
      const file = rendererFile(dir, `${APP_ORIGIN}${path}`);
      expect(file === null || file.startsWith(`${dir}/`), `${path} -> ${file}`).toBe(true);
    }
    expect(rendererFile(dir, 'app://other/index.html')).toBeNull();
    expect(rendererFile(dir, 'file:///opt/aiguillage/renderer/index.html')).toBeNull();
  });

  it('loads the renderer from app://, with isolation, sandbox and no Node', () => {
    const main = code('electron/main/index.ts');
    expect(main).toMatch(/loadURL\(`\$\{APP_ORIGIN\}\/index\.html`\)/);
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) expect(main).toContain(setting);
  });

  it('packages the app with the fuses that stop it being used as a Node runtime', () => {
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const fuses = Object.fromEntries([...config.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('seals secrets with the system key store only where it is a real one', () => {
    expect(osKeyStoreUsable(true, 'darwin', '')).toBe(true);
    expect(osKeyStoreUsable(true, 'win32', '')).toBe(true);
    expect(osKeyStoreUsable(true, 'linux', 'gnome_libsecret')).toBe(true);
    expect(osKeyStoreUsable(true, 'linux', 'kwallet6')).toBe(true);
    // Chromium's built-in fixed password: no better than the key file.
    expect(osKeyStoreUsable(true, 'linux', 'basic_text')).toBe(false);
    expect(osKeyStoreUsable(true, 'linux', 'unknown')).toBe(false);
    expect(osKeyStoreUsable(false, 'darwin', '')).toBe(false);
    const main = code('electron/main/index.ts');
    expect(main).toMatch(/Session\.open\(\{[^}]*secrets: await secretBox\(\)/);
  });
});
