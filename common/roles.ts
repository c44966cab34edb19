/**
 * The roles of server mode, in the words the core and the screens share. A user has one role;
 * the administrator may do everything in the head office's app, the others what their job needs
 * (core/users/access.ts says which commands, command by command).
 *
 * A member's people (the extranet) have roles of their own and belong to one member company: a
 * member administrator sees all the company's leads and its people, a salesperson the leads the
 * company has not yet answered and those given to them. They call the extranet's commands only,
 * never the head office's.
 */
export const ROLES = ['administrator', 'coordinator', 'qualifier', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const MEMBER_ROLES = ['member_admin', 'salesperson'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Any user's role: the head office's or a member's. */
export type AnyRole = Role | MemberRole;

export const isMemberRole = (role: AnyRole): role is MemberRole => (MEMBER_ROLES as readonly string[]).includes(role);
