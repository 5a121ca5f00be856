import { link, mkdir, open, readFile, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { toBase64Url } from "../base64.ts";

/** Flushes a directory, so a file just named in it survives a power cut; a platform that cannot is left as it is. */
async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, "r").catch(() => null);
  if (!dir) return;
  try {
    await dir.sync().catch(() => {});
  } finally {
    await dir.close();
  }
}

/**
 * Reads a secret kept in a file, creating it with `generate()` readable by the owner
 * only (0600) when it does not exist yet. The secret is written and flushed under a
 * temporary name, then linked into place: after a power cut the file is whole or
 * absent, never empty (an empty key file would stop every start, and a new key would
 * leave every stored password unreadable). Linking fails when the name exists, so two
 * processes starting at once cannot end up with different secrets.
 */
export async function readOrCreateSecretFile(
  path: string,
  generate: () => string,
): Promise<{ secret: string; created: boolean }> {
  const existing = await readFile(path, "utf8").catch((err: { code?: string }) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (existing !== null) return { secret: existing.trim(), created: false };
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let created = false;
  const temporary = `${path}.${randomBase64Url(12)}.tmp`;
  const file = await open(temporary, "wx", 0o600);
  try {
    try {
      await file.writeFile(`${generate()}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await link(temporary, path);
    created = true;
  } catch (err) {
    if ((err as { code?: string }).code !== "EEXIST") throw err;
  } finally {
    // a copy of the secret left behind (a full disk) would be one more file to guard
    await unlink(temporary).catch(() => {});
  }
  if (created) await syncDirectory(dir);
  return { secret: (await readFile(path, "utf8")).trim(), created };
}

/** `bytes` random bytes as unpadded base64url. */
export function randomBase64Url(bytes: number): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
