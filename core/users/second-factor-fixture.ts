/** For tests: a person with their second factor on, and the codes their authenticator app would show. */
import { Secret, TOTP } from 'otpauth';
import type { Context } from '../commands/define';
import { confirmEnrolment, startEnrolment } from './second-factor';
import type { User } from './store';

/** The code of the 30-second step `offset` steps from `at`. */
export function codeAt(secret: string, at: number, offset = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at + offset * 30_000 });
}

/** Enrols the person, confirmed with the code of the step before now (so the codes of now and the next step are still unused); gives the secret. */
export function enrolled(ctx: Pick<Context, 'db' | 'now' | 'dbPath' | 'secrets'>, user: User): string {
  const { secret } = startEnrolment(ctx, user);
  if (confirmEnrolment(ctx, user, codeAt(secret, ctx.now(), -1), '127.0.0.1') !== 'done') throw new Error('enrolment refused');
  return secret;
}
