/**
 * The roles of server mode, in the words the core and the screens share. A user has one role;
 * the administrator may do everything, the others what their job needs (core/users/access.ts
 * says which commands, command by command).
 */
export const ROLES = ['administrator', 'coordinator', 'qualifier', 'manager'] as const;
export type Role = (typeof ROLES)[number];
