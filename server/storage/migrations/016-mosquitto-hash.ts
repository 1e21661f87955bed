/**
 * Each device's secret also as Mosquitto's password-file hash (`$7$`: PBKDF2-SHA512, what
 * `mosquitto_passwd` writes since Mosquitto 2.0), so `npm run export:mosquitto` and the sync can
 * hand an external Mosquitto a hash it verifies. Made from the plaintext at registration, import or
 * rotation; devices registered before this step have none (NULL) until their secret is rotated.
 */
export const mosquittoHashSchema = `
  ALTER TABLE devices ADD COLUMN mosquitto_hash TEXT;
`;
