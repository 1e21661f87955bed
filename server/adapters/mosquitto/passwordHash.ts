import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Mosquitto 2.x's password-file hash, `$7$<iterations>$<salt>$<hash>`: PBKDF2-HMAC-SHA512 with a
 * 12-byte salt and a 64-byte key, both base64 (mosquitto `src/password_mosq.c`; Debian 12's
 * `mosquitto_passwd` 2.0.11 writes `$7$101$...`, checked against it in
 * tests/server/mosquittoFiles.test.ts). 101 iterations is `mosquitto_passwd`'s own default: every
 * login costs Mosquitto one such hash, and a device secret is 144 random bits
 * (`generateSecret`), which no iteration count is needed to protect against guessing.
 */
export const MOSQUITTO_ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;

export async function mosquittoPasswordHash(
  secret: string,
  iterations = MOSQUITTO_ITERATIONS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await pbkdf2Async(secret, salt, iterations, KEY_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Does `secret` match a `$7$` hash? (For tests and for checking a file by hand.) */
export async function mosquittoHashMatches(secret: string, stored: string): Promise<boolean> {
  const [empty, scheme, iterations, salt, hash] = stored.split('$');
  if (empty !== '' || scheme !== '7' || !iterations || !salt || !hash) return false;
  const key = await pbkdf2Async(secret, Buffer.from(salt, 'base64'), Number(iterations), KEY_BYTES, 'sha512');
  return key.toString('base64') === hash;
}
