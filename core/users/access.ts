/**
 * Which roles may call each command, in server mode. Every method the renderer can call (the
 * command table's and the session's) has an entry, which the type checks and a unit test
 * checks again at run time, so a new command cannot ship without deciding who may call it.
 * The administrator may call everything. `reads` marks what only reads (never audited);
 * `changes` what writes, whose every successful call the host writes to the audit log with
 * the user's name. `EVERYONE` is a read the views need whatever the role (the status line,
 * a lead's page, the members' names in pickers, the map's basemap). A member's people (the
 * extranet) call the `member` entries only, and those never serve the head office. `self`
 * entries act on the caller's own account only (no input names another user): every signed-in
 * person may call them, head office or member.
 */
import { isMemberRole, type AnyRole, type MemberRole, type Role } from '../../common/roles';
import type { AppMethod } from '../app/session';

export interface Access {
  roles: readonly AnyRole[];
  changes: boolean;
  /** An extranet command: for a member's people only, never the head office's (not even its administrator). */
  member?: true;
  /** The caller's own (their preferences): anyone signed in, whatever the role. */
  self?: true;
}

export const EVERYONE: readonly Role[] = ['coordinator', 'qualifier', 'manager'];
const reads = (...roles: Role[]): Access => ({ roles, changes: false });
const changes = (...roles: Role[]): Access => ({ roles, changes: true });
const readByAll = reads(...EVERYONE);
/** Administrator only: nobody else is listed, and the administrator is always allowed. */
const ADMIN_READ = reads();
const ADMIN_CHANGE = changes();
/** The extranet's: what a member's people may call (the command itself narrows to the member's own leads). */
const memberReads = (...roles: MemberRole[]): Access => ({ roles, changes: false, member: true });
const memberChanges = (...roles: MemberRole[]): Access => ({ roles, changes: true, member: true });
const MEMBER_PEOPLE: MemberRole[] = ['member_admin', 'salesperson'];
const OWN_CHANGE: Access = { roles: [], changes: true, self: true };

export const ACCESS: Record<AppMethod, Access> = {
  // The status line, the recovery screen, settings the views read.
  'app.info': readByAll,
  'database.status': readByAll,
  'database.backup': ADMIN_CHANGE,
  'database.restore': ADMIN_CHANGE,
  'settings.get': readByAll,
  'settings.set': ADMIN_CHANGE,
  'preferences.set': OWN_CHANGE,
  'mail.outbox.list': ADMIN_READ,
  'mail.outbox.retry': ADMIN_CHANGE,
  'sla.scan': ADMIN_CHANGE,

  // Geography: every map and address field.
  'geo.basemap': readByAll,
  'geo.geocode': readByAll,
  'geo.search': readByAll,
  // A finished export's file, by the random id its export command returned to whoever ran it.
  'exports.download': readByAll,

  // Network and map: the coordinator's.
  'members.list': readByAll,
  'members.get': readByAll,
  'members.absences.list': readByAll,
  'members.create': changes('coordinator'),
  'members.update': changes('coordinator'),
  'members.archive': changes('coordinator'),
  'members.export': reads('coordinator'),
  'members.import.preview': reads('coordinator'),
  'members.import.run': changes('coordinator'),
  'members.absences.add': changes('coordinator'),
  'members.absences.remove': changes('coordinator'),
  'territories.list': readByAll,
  'territories.outlines': readByAll,
  'territories.get': readByAll,
  'territories.history': reads('coordinator'),
  'territories.exportGeoJson': reads('coordinator'),
  'territories.create': changes('coordinator'),
  'territories.update': changes('coordinator'),
  'territories.delete': changes('coordinator'),
  'territories.importGeoJson': changes('coordinator'),
  'territories.undo': changes('coordinator'),
  'territories.redo': changes('coordinator'),
  'coverage.at': reads('coordinator'),
  'coverage.summary': reads('coordinator'),
  'kpi.network': reads('coordinator', 'manager'),
  'products.list': readByAll,
  'products.resolve': readByAll,
  'products.unknown': reads('coordinator', 'qualifier'),
  'products.createLine': changes('coordinator'),
  'products.renameLine': changes('coordinator'),
  'products.removeLine': changes('coordinator'),
  'products.addSynonym': changes('coordinator'),
  'products.removeSynonym': changes('coordinator'),
  'products.map': changes('coordinator'),

  // Routing settings: the coordinator's; what a lead's page shows of routing: everyone's.
  'routing.settings.get': readByAll,
  'routing.settings.versions': reads('coordinator'),
  'routing.settings.save': changes('coordinator'),
  'routing.simulate': reads('coordinator'),
  'routing.simulation.start': reads('coordinator'),
  'routing.simulation.progress': reads('coordinator'),
  'routing.simulation.cancel': reads('coordinator'),
  'scoring.rules.get': readByAll,
  'scoring.rules.set': changes('coordinator'),
  'routing.history': readByAll,

  // Queue, leads and dispatch: the qualifier's.
  'leads.list': readByAll,
  'leads.get': readByAll,
  'leads.duplicates': reads('qualifier'),
  'leads.exportCsv': reads('qualifier', 'manager'),
  'leads.create': changes('qualifier'),
  'leads.update': changes('qualifier'),
  'leads.qualify': changes('qualifier'),
  'leads.discard': changes('qualifier'),
  'leads.nurture': changes('qualifier'),
  'leads.merge': changes('qualifier'),
  'leads.pickCommune': changes('qualifier'),
  'queue.list': reads('qualifier'),
  'queue.next': reads('qualifier'),
  'routing.suggest': reads('qualifier'),
  'routing.dispatch': changes('qualifier'),
  'routing.dispatchMany': changes('qualifier'),
  'workflow.record': changes('qualifier'),
  'workflow.importFeedback': changes('qualifier'),
  'intake.preview': reads('qualifier'),
  'intake.list': reads('qualifier'),
  'intake.progress': reads('qualifier'),
  'intake.report': reads('qualifier'),
  'intake.reportCsv': reads('qualifier'),
  'intake.run': changes('qualifier'),
  'intake.start': changes('qualifier'),
  'intake.cancel': changes('qualifier'),
  'intake.undo': changes('qualifier'),

  // Dashboard, reports and targets: the manager's.
  'kpi.dashboard': reads('manager'),
  'kpi.filters': reads('manager'),
  'reports.monthly': reads('manager'),
  'reports.export': changes('manager'),
  'targets.list': reads('manager'),
  'targets.set': changes('manager'),
  'targets.delete': changes('manager'),

  // Personal data requests and the audit log: the administrator's (the data protection duties).
  'privacy.find': ADMIN_READ,
  'privacy.export': ADMIN_CHANGE,
  'privacy.erase': ADMIN_CHANGE,
  'privacy.audit': ADMIN_READ,

  // Users and their sessions.
  'users.list': ADMIN_READ,
  'users.create': ADMIN_CHANGE,
  'users.disable': ADMIN_CHANGE,
  'users.enable': ADMIN_CHANGE,
  'users.resetPassword': ADMIN_CHANGE,
  'users.endSessions': ADMIN_CHANGE,
  // The head office invites a member's people (the network's people: the coordinator's too).
  'members.invite': changes('coordinator'),
  'members.people': reads('coordinator'),
  // How a member receives its leads by mail: each lead, or a daily digest.
  'members.mail.get': reads('coordinator'),
  'members.mail.set': changes('coordinator'),
  'members.resetSecondFactor': changes('coordinator'),

  // The member extranet: a member's people, on their own member's leads only.
  'extranet.inbox': memberReads(...MEMBER_PEOPLE),
  'extranet.lead': memberReads(...MEMBER_PEOPLE),
  'extranet.accept': memberChanges(...MEMBER_PEOPLE),
  'extranet.decline': memberChanges(...MEMBER_PEOPLE),
  'extranet.step': memberChanges(...MEMBER_PEOPLE),
  'extranet.pool': memberReads(...MEMBER_PEOPLE),
  'extranet.claim': memberChanges(...MEMBER_PEOPLE),
  'extranet.team': memberReads('member_admin'),
  'extranet.assign': memberChanges('member_admin'),
  'extranet.mail.get': memberReads('member_admin'),
  'extranet.mail.set': memberChanges('member_admin'),
  // The member administrator's own people: invite a salesperson, disable or enable one.
  'extranet.invite': memberChanges('member_admin'),
  'extranet.disablePerson': memberChanges('member_admin'),
  'extranet.enablePerson': memberChanges('member_admin'),
  // The member's own figures against the network's medians: the company's, so its administrator's.
  'extranet.figures': memberReads('member_admin'),
};

/** Commands that write their own, more precise, audit entry: the host does not add one. */
export const AUDITS_ITSELF: ReadonlySet<string> = new Set([
  'privacy.export',
  'privacy.erase',
  'reports.export',
  'users.create',
  'users.disable',
  'users.enable',
  'users.resetPassword',
  'users.endSessions',
  'members.invite',
  'members.mail.set',
  'extranet.mail.set',
  'members.resetSecondFactor',
  'extranet.invite',
  'extranet.disablePerson',
  'extranet.enablePerson',
]);

/** The entry of a method, or undefined for a name no command has (the caller answers "unknown"). */
export function accessOf(method: string): Access | undefined {
  return Object.hasOwn(ACCESS, method) ? ACCESS[method as AppMethod] : undefined;
}

/** The head office's administrator may call everything of the head office's; a member's people only the extranet's roles list them for. */
export function mayCall(role: AnyRole, method: string): boolean {
  const access = accessOf(method);
  if (access === undefined) return false;
  if (access.self) return true;
  if (isMemberRole(role)) return access.member === true && access.roles.includes(role);
  return access.member !== true && (role === 'administrator' || access.roles.includes(role as Role));
}

/** The methods a role may call: what /me tells the renderer, which shows only those views. */
export function methodsOf(role: AnyRole): string[] {
  return Object.keys(ACCESS).filter((method) => mayCall(role, method));
}
