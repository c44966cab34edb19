/**
 * The desktop app's secret box: the operating system's key store (Electron safeStorage:
 * Keychain, DPAPI, libsecret/KWallet). safeStorage seals one random data key, kept sealed in
 * the user data folder; the core seals each secret with that key (AES-256-GCM, the same box as
 * its key file), because its handlers are synchronous and safeStorage's non-deprecated calls
 * are not. Null where the OS offers no real key store: the core then uses its key file.
 */
import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyBox, type SecretBox } from '../../core/settings/secrets';
import { osKeyStoreUsable } from './policy';

export async function osKeyStoreBox(userData: string): Promise<SecretBox | null> {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : '';
  if (!osKeyStoreUsable(await safeStorage.isAsyncEncryptionAvailable(), process.platform, backend)) return null;
  const file = join(userData, 'secret-key.sealed');
  let key: Buffer;
  if (existsSync(file)) {
    key = Buffer.from((await safeStorage.decryptStringAsync(readFileSync(file))).result, 'base64');
  } else {
    key = randomBytes(32);
    writeFileSync(file, await safeStorage.encryptStringAsync(key.toString('base64')), { mode: 0o600, flag: 'wx' });
  }
  return keyBox('os-keystore', () => key);
}
