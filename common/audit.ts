/**
 * The audit log's vocabulary, shared by the core that writes it and the screen that filters it:
 * the actions an entry can record and the reasons an erasure may give (GDPR art. 17 grounds, and
 * "other" to explain in the comment). The lists' order is the order the screens offer them in.
 */
export const AUDIT_ACTIONS = [
  'person.export',
  'person.erase',
  'retention.anonymise',
  'report.export',
  // Server mode (core/users): every change a signed-in user made (the command's name as subject),
  // sign-ins, refused calls and the administrator's changes to users.
  'command',
  'auth.signin',
  'auth.signinFailed',
  'auth.signout',
  'auth.passwordChanged',
  // A person's second factor (TOTP) turned on or off by themselves.
  'auth.secondFactorOn',
  'auth.secondFactorOff',
  'access.refused',
  'user.create',
  'user.disable',
  'user.enable',
  'user.resetPassword',
  'user.endSessions',
  // The member extranet: a member's person invited, and their invitation used.
  'member.invite',
  'member.invitationAccepted',
  // A member's mails: a lead answered through a mail's link, the member's choice of mails (each lead or a daily digest).
  'dispatch.linkAnswer',
  'member.mailDelivery',
  // The head office reset a member's person's lost second factor.
  'member.secondFactorReset',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ERASURE_REASONS = ['request', 'consent-withdrawn', 'objection', 'unlawful', 'legal-obligation', 'other'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
