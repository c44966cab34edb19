/**
 * Electron's security checklist, applied in one place: the app:// protocol serving the built
 * renderer with the CSP, navigation and new windows denied, permissions denied, and IPC
 * accepted only from the app's own top frame.
 */
import { app, net, protocol, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../host/csp';
import { APP_ORIGIN, APP_SCHEME, isTrustedFrame, NAVIGATION_EVENTS, navigationAllowed, permissionGranted, rendererFile, windowOpenTarget } from './policy';

export { APP_ORIGIN };

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => net.fetch(pathToFileURL(join(rendererDir, 'index.html')).toString()));
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

export function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionGranted(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionGranted(permission));
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}

function lockDownContents(contents: WebContents): void {
  // A link, a server redirect or a frame's own navigation: none may leave the app's pages.
  const stayInApp = (event: { url: string; preventDefault: () => void }) => {
    if (!navigationAllowed(event.url)) event.preventDefault();
  };
  for (const name of NAVIGATION_EVENTS) contents.on(name as 'will-frame-navigate', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (windowOpenTarget(url) === 'system-browser') void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** IPC is answered only for the app's own top-level frame. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return isTrustedFrame(event.senderFrame);
}
