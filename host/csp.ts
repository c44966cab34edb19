/**
 * The renderer's Content Security Policy, shared by the browser host and Electron.
 * Map tiles are the only remote content, and only when the user turns them on (img-src https:).
 * Vuetify injects its theme as a <style> element, hence style-src 'unsafe-inline'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
