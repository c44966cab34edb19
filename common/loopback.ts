/**
 * Whether a host name is this machine (localhost, 127.x.x.x, ::1): the only place a login or a
 * session may travel without encryption (an SMTP relay, a server the desktop app connects to).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
