import { join } from "node:path";
import { randomBase64Url, readOrCreateSecretFile } from "./secret-file.ts";

export const ADMIN_TOKEN_FILE = "admin-token";

export interface AdminToken {
  token: string;
  /** The file holding the token; absent when it came from a flag or the environment. */
  path?: string;
  created: boolean;
}

/** The admin token: the configured one, else the one kept in `<dataDir>/admin-token` (made at first start). */
export async function loadAdminToken(dataDir: string, configured?: string): Promise<AdminToken> {
  if (configured) return { token: configured, created: false };
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  const { secret, created } = await readOrCreateSecretFile(path, () => randomBase64Url(32));
  if (secret.length < 16) throw new Error(`admin token file ${path} is empty or too short; delete it to generate a new one`);
  return { token: secret, path, created };
}
