/**
 * users.*: the administrator's commands over users and their sessions (server mode). A new
 * user, or a reset, gets the password the administrator typed or, when none, a generated one
 * shown once in the answer. Disabling a user and resetting their password end every session of
 * theirs at once; the last active administrator cannot be disabled (nobody could manage users
 * any more). Each change goes to the audit log under the administrator's name.
 */
import { z } from 'zod';
import { ROLES } from '../../common/roles';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr, zmsg } from '../language';
import { audit } from '../privacy/audit';
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH } from './passwords';
import { endSessionsOf } from './sessions';
import { getUser, insertUser, listUsers, otherActiveAdministrators, setDisabled, setPasswordHash, type User } from './store';

const userRef = z.object({ id: z.number().int().positive() });
const password = z.string().max(MAX_PASSWORD_LENGTH).optional();
export const newUserInput = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, zmsg('Not an e-mail address', 'Adresse e-mail invalide')),
  displayName: z.string().trim().min(1, zmsg('Give a name', 'Indiquez un nom')).max(100),
  role: z.enum(ROLES),
  password,
});

/** Hashes outside the transaction: scrypt takes a third of a second, no need to hold the write lock that long. */
export function createUser(ctx: Context, input: z.output<typeof newUserInput>): { user: User; password: string | null } {
  const chosen = input.password ?? generatePassword();
  const passwordHash = hashPassword(chosen);
  const user = ctx.db.transaction(() => {
    const created = insertUser(ctx.db, { ...input, passwordHash }, ctx.now());
    audit(ctx, 'user.create', `user:${created.id}`, { email: created.email, role: created.role });
    return created;
  })();
  return { user, password: input.password === undefined ? chosen : null };
}

export const usersCommands = {
  'users.list': command(z.object({}), (ctx) => listUsers(ctx.db)),
  'users.create': command(newUserInput, createUser, { ownTransactions: true }),
  'users.disable': command(userRef, (ctx, { id }) => {
    const user = getUser(ctx.db, id);
    if (user.role === 'administrator' && !user.disabled && otherActiveAdministrators(ctx.db, id) === 0) {
      throw new AppError(
        'conflict',
        tr('This is the last active administrator: enable or create another one first.', 'C’est le dernier administrateur actif : activez-en ou créez-en un autre d’abord.'),
      );
    }
    setDisabled(ctx.db, id, ctx.now());
    const ended = endSessionsOf(ctx.db, id);
    audit(ctx, 'user.disable', `user:${id}`, { email: user.email, sessionsEnded: ended });
    return getUser(ctx.db, id);
  }),
  'users.enable': command(userRef, (ctx, { id }) => {
    const user = getUser(ctx.db, id);
    setDisabled(ctx.db, id, null);
    audit(ctx, 'user.enable', `user:${id}`, { email: user.email });
    return getUser(ctx.db, id);
  }),
  'users.resetPassword': command(
    userRef.extend({ password }),
    (ctx, { id, password: given }) => {
      const user = getUser(ctx.db, id);
      const chosen = given ?? generatePassword();
      const passwordHash = hashPassword(chosen);
      const ended = ctx.db.transaction(() => {
        setPasswordHash(ctx.db, id, passwordHash, ctx.now());
        const n = endSessionsOf(ctx.db, id);
        audit(ctx, 'user.resetPassword', `user:${id}`, { email: user.email, sessionsEnded: n });
        return n;
      })();
      return { user, password: given === undefined ? chosen : null, sessionsEnded: ended };
    },
    { ownTransactions: true },
  ),
  'users.endSessions': command(userRef, (ctx, { id }) => {
    const user = getUser(ctx.db, id);
    const ended = endSessionsOf(ctx.db, id);
    audit(ctx, 'user.endSessions', `user:${id}`, { email: user.email, sessionsEnded: ended });
    return { sessionsEnded: ended };
  }),
};
