import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminToken {
  token: string;
  /** True when this start generated the token: the only time it is printed. */
  created: boolean;
  /** Where it is kept, so an organiser who lost it can look. */
  file: string | null;
}

/** The organiser token: ADMIN_TOKEN when set, else the one kept in DATA_DIR, else a new one. */
export function resolveAdminToken(configured: string | null, dataDir: string): AdminToken {
  if (configured) return { token: configured, created: false, file: null };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), created: false, file };
  const token = randomBytes(24).toString('base64url');
  // Owner-only: anyone who can read it can change the site.
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, created: true, file };
}
