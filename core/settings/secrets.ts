/**
 * Secrets at rest (the SMTP password, and any later one): never stored in clear. The database,
 * and so every backup, holds only the secret sealed by a "secret box" the host gives the core:
 * in the desktop app the operating system's key store (Electron safeStorage, electron/main/
 * secrets.ts; core must not import electron), elsewhere (browser mode, CLI) AES-256-GCM under
 * a random key in a file beside the database, outside it and its backups, readable by its owner
 * only (`<database>.secret-key`). A sealed value names its box, so a password saved by the
 * desktop app and read from browser mode (or after the key file was lost) is reported plainly:
 * enter it again. Secrets are write-only through the API: settings.get says only whether one
 * is set.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { withSecureDelete, type Db } from '../db/connection';
import { releaseFreedPages } from '../db/maintenance';
import { tr } from '../language';

export interface SecretBox {
  /** Which key seals: 'os-keystore', 'key-file' or 'memory'; stored with each secret. */
  readonly kind: string;
  /** Plain text -> base64 of the sealed bytes. */
  seal(plain: string): string;
  open(sealed: string): string;
}

export const SECRET_NAMES = ['mail.smtp.password'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

const ROW = (name: SecretName) => `secret:${name}`;

/** AES-256-GCM under a 32-byte key (read on first use): base64 of iv (12) | tag (16) | cipher text. */
export function keyBox(kind: string, key: () => Buffer): SecretBox {
  return {
    kind,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key(), bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The key file is created on first use (owner-only, never overwritten) and put back to owner-only if widened. */
export function keyFileBox(file: string): SecretBox {
  let key: Buffer | null = null;
  return keyBox('key-file', () => {
    if (key) return key;
    if (!existsSync(file)) {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(32));
      } finally {
        closeSync(fd);
      }
    }
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    // Kept only once checked: a damaged key must be reported at every use, not just the first.
    const read = readFileSync(file);
    if (read.length !== 32) throw new AppError('conflict', tr(`The secret key file ${file} is damaged.`, `Le fichier de clé ${file} est endommagé.`));
    return (key = read);
  });
}

/** For a database in memory: the key lives as long as the process, like the database. */
export function memoryBox(): SecretBox {
  const key = randomBytes(32);
  return keyBox('memory', () => key);
}

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.secret-key`;
}

export function defaultSecretBox(dbPath: string): SecretBox {
  return dbPath === ':memory:' ? memoryBox() : keyFileBox(keyFilePath(dbPath));
}

const boxes = new WeakMap<Db, SecretBox>();

/** The host's box, or the default one for this database (kept per connection, so a memory key lives with its database). */
export function boxOf(ctx: Pick<Context, 'db' | 'dbPath' | 'secrets'>): SecretBox {
  if (ctx.secrets) return ctx.secrets;
  let box = boxes.get(ctx.db);
  if (!box) boxes.set(ctx.db, (box = defaultSecretBox(ctx.dbPath)));
  return box;
}

/** Seals and stores a secret; an empty one removes it. */
export function storeSecret(ctx: Pick<Context, 'db' | 'dbPath' | 'secrets' | 'now'>, name: SecretName, plain: string): void {
  if (plain === '') {
    ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(ROW(name));
    return;
  }
  const box = boxOf(ctx);
  ctx.db
    .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(ROW(name), JSON.stringify({ kind: box.kind, sealed: box.seal(plain) }), ctx.now());
}

export function hasSecret(ctx: Pick<Context, 'db'>, name: SecretName): boolean {
  return ctx.db.prepare('SELECT 1 FROM settings WHERE key = ?').pluck().get(ROW(name)) !== undefined;
}

/** The secret in clear, for the one place that uses it (sending mail); '' when none is set. */
export function readSecret(ctx: Pick<Context, 'db' | 'dbPath' | 'secrets'>, name: SecretName): string {
  const row = ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(ROW(name)) as string | undefined;
  if (row === undefined) return '';
  const { kind, sealed } = JSON.parse(row) as { kind: string; sealed: string };
  const box = boxOf(ctx);
  const again = tr('enter it again in Settings', 'saisissez-le à nouveau dans les Paramètres');
  if (kind !== box.kind) {
    const where =
      kind === 'os-keystore'
        ? tr('by the desktop app (system key store)', 'par l’application de bureau (trousseau du système)')
        : tr('with a key file this app does not use', 'avec un fichier de clé que cette application n’utilise pas');
    throw new AppError('conflict', tr(`The ${name} secret was saved ${where}: ${again}.`, `Le secret ${name} a été enregistré ${where} : ${again}.`));
  }
  try {
    return box.open(sealed);
  } catch {
    throw new AppError(
      'conflict',
      tr(
        `The ${name} secret cannot be decrypted with this key (key file lost or replaced?): ${again}.`,
        `Le secret ${name} ne peut pas être déchiffré avec cette clé (fichier de clé perdu ou remplacé ?) : ${again}.`,
      ),
    );
  }
}

/**
 * Versions before sealing kept the SMTP password in clear inside the mail.smtp setting: seal it
 * and rewrite the setting without it, overwriting the freed bytes (secure_delete) and emptying
 * the WAL, so the file no longer holds it. Backups taken before keep it until they age out.
 */
export function sealClearSecrets(ctx: Pick<Context, 'db' | 'dbPath' | 'secrets' | 'now'>): boolean {
  const row = ctx.db.prepare(`SELECT value FROM settings WHERE key = 'mail.smtp'`).pluck().get() as string | undefined;
  if (row === undefined) return false;
  const { password, ...rest } = JSON.parse(row) as { password?: unknown };
  if (password === undefined) return false;
  withSecureDelete(ctx.db, () =>
    ctx.db.transaction(() => {
      if (typeof password === 'string' && password !== '') storeSecret(ctx, 'mail.smtp.password', password);
      ctx.db.prepare(`UPDATE settings SET value = ? WHERE key = 'mail.smtp'`).run(JSON.stringify(rest));
    })(),
  );
  releaseFreedPages(ctx.db, ['settings']);
  return true;
}
