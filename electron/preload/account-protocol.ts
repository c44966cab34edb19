/**
 * What the desktop window and its main process say to each other about a server connection,
 * through the preload's `account` (electron/main/desktop.ts answers, renderer/src/api/desktop.ts
 * asks): the actions, and what the renderer learns. Never a password back, never the session
 * cookie or CSRF token. Types only: nothing of it is bundled.
 */
import type { User } from '../../core/users/store';

export type AccountAction = 'status' | 'check' | 'connect' | 'signIn' | 'signOut' | 'disconnect' | 'changePassword';

/** The signed-in person: who, and which commands their role may call (the menu shows those views). */
export interface SignedInUser {
  user: User;
  methods: string[];
}

/** The server the app works on (and who is signed in there, null until someone does), and the last address chosen. */
export interface DesktopStatus {
  server: { address: string; me: SignedInUser | null } | null;
  lastAddress: string | null;
}

/** Why an action failed: the payload did not validate (`issues` as "field:problem"), the server could not be reached or is not Aiguillage, or it refused (its HTTP status and message). */
export type AccountProblem = 'invalid' | 'unreachable' | 'notAiguillage';

export type AccountAnswer = { ok: true; state: DesktopStatus } | { ok: false; status?: number; message?: string; problem?: AccountProblem; issues?: string[] };
