import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const ADMIN_TOKEN_FILE = "admin-token";

export interface AdminToken {
  token: string;
  /** The file holding the token; absent when it came from a flag or the environment. */
  path?: string;
  created: boolean;
}

function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The admin token: the configured one, else the one in `<dataDir>/admin-token`, else a
 * new random one written there readable by the owner only (0600). The exclusive create
 * means two processes starting at once cannot end up with different tokens.
 */
export async function loadAdminToken(dataDir: string, configured?: string): Promise<AdminToken> {
  if (configured) return { token: configured, created: false };
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(path, `${generateToken()}\n`, { mode: 0o600, flag: "wx" });
    return { token: await readToken(path), path, created: true };
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
  }
  return { token: await readToken(path), path, created: false };
}

async function readToken(path: string): Promise<string> {
  const token = (await readFile(path, "utf8")).trim();
  if (token.length < 16) throw new Error(`admin token file ${path} is empty or too short; delete it to generate a new one`);
  return token;
}
