import { generateSecret, hashSecret } from '../../broker/credentials';
import { mosquittoPasswordHash } from '../adapters/mosquitto/passwordHash';
import type { DeviceSecretHashes } from '../storage/deviceRepository';

/**
 * A new device secret and the two hashes kept of it: scrypt for the embedded broker, and
 * Mosquitto's `$7$` for an external Mosquitto (docs/external-broker.md). Both are made here, from
 * the plaintext, the one time the server holds it; the plaintext is only ever shown to the organiser.
 */
export async function newDeviceSecret(
  hashCost?: number,
): Promise<{ password: string; hashes: DeviceSecretHashes }> {
  const password = generateSecret();
  const [secretHash, mosquittoHash] = await Promise.all([
    hashSecret(password, hashCost),
    mosquittoPasswordHash(password),
  ]);
  return { password, hashes: { secretHash, mosquittoHash } };
}
