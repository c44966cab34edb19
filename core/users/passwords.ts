/**
 * Password hashing with scrypt (node:crypto). The stored text carries its own parameters and
 * salt, `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, so the cost can be raised later and older
 * hashes still verify. The default cost is OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1:
 * 128 MiB and about a third of a second here); sign-in verifies off the event loop (scrypt's
 * callback form runs on libuv's pool), so one sign-in does not stall everyone else's calls.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../commands/errors';
import { tr } from '../language';

export interface PasswordCost {
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_COST: PasswordCost = { logN: 17, r: 8, p: 1 };
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is below the default cost. */
const maxmem = ({ logN, r }: PasswordCost) => 256 * 2 ** logN * r;

export function hashPassword(password: string, cost: PasswordCost = DEFAULT_COST): string {
  assertAcceptable(password);
  const salt = randomBytes(SALT_BYTES);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_BYTES, { N: 2 ** cost.logN, r: cost.r, p: cost.p, maxmem: maxmem(cost) });
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; a malformed stored text never matches. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const { cost, salt, key } = parsed;
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, key.length, { N: 2 ** cost.logN, r: cost.r, p: cost.p, maxmem: maxmem(cost) }, (error, result) => (error ? reject(error) : resolve(result))),
  );
  return timingSafeEqual(derived, key);
}

/**
 * A hash of a random password at the default cost, verified against when the e-mail matches no
 * user, so an unknown address takes as long to refuse as a wrong password (no user enumeration).
 */
let decoy: string | null = null;
export function decoyHash(): string {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}

/** A password an administrator hands over once: 20 base64url characters, 120 random bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function assertAcceptable(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    const message = tr(`A password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, `Un mot de passe a de ${MIN_PASSWORD_LENGTH} à ${MAX_PASSWORD_LENGTH} caractères`);
    throw new AppError('invalid_input', message, [{ path: ['password'], message }]);
  }
}

function parse(stored: string): { cost: PasswordCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 22) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return null;
  return { cost: { logN, r, p }, salt, key };
}
