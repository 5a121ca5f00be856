import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { toBase64Url } from "../base64.ts";

/**
 * Reads a secret kept in a file, creating it with `generate()` readable by the owner
 * only (0600) when it does not exist yet. The exclusive create means two processes
 * starting at once cannot end up with different secrets.
 */
export async function readOrCreateSecretFile(
  path: string,
  generate: () => string,
): Promise<{ secret: string; created: boolean }> {
  await mkdir(dirname(path), { recursive: true });
  let created = false;
  try {
    await writeFile(path, `${generate()}\n`, { mode: 0o600, flag: "wx" });
    created = true;
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
  }
  return { secret: (await readFile(path, "utf8")).trim(), created };
}

/** `bytes` random bytes as unpadded base64url. */
export function randomBase64Url(bytes: number): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
