import { join } from "node:path";
import { errorMessage } from "../error-message.ts";
import { fromBase64, toBase64 } from "../base64.ts";
import { readOrCreateSecretFile } from "./secret-file.ts";

export const SECRET_KEY_FILE = "secret.key";
const PREFIX = "v1:";
const KEY_BYTES = 32;

/** Encrypts secrets for the database, so a copy of the database file leaks none of them. */
export interface SecretBox {
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
  /** A keyed hash (HMAC-SHA256, hex): tells whether secrets changed without storing anything guessable. */
  fingerprint(text: string): Promise<string>;
}

/** A secret could not be stored: `secret.key` cannot be used (the API answers 409 with this message). */
export class SecretKeyUnusableError extends Error {
  override name = "SecretKeyUnusableError";
}

/** AES-256-GCM with a random 96-bit nonce per value: `v1:` + base64(nonce ‖ ciphertext ‖ tag). */
export async function createSecretBox(rawKey: Uint8Array<ArrayBuffer>): Promise<SecretBox> {
  const key = await crypto.subtle.importKey("raw", rawKey, "AES-GCM", false, ["encrypt", "decrypt"]);
  // a key of its own for hashing, derived so the encryption key is never used twice
  const derived = await crypto.subtle.digest("SHA-256", new Uint8Array([...new TextEncoder().encode("fingerprint:"), ...rawKey]));
  const hashKey = await crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return {
    async fingerprint(text) {
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hashKey, new TextEncoder().encode(text)));
      return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
    },
    async encrypt(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plain)));
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return PREFIX + toBase64(out);
    },
    async decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error("not an encrypted value");
      const bytes = fromBase64(sealed.slice(PREFIX.length));
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, key, bytes.slice(12));
      return new TextDecoder().decode(plain);
    },
  };
}

/** A stored secret opened, or not: sealed with another key, or not sealed at all. */
export type OpenedSecret = { kind: "open"; value: string } | { kind: "unreadable" };

/** Decrypts a stored secret; one that does not open is a result, not an error. */
export async function openSecret(box: SecretBox, sealed: string): Promise<OpenedSecret> {
  try {
    return { kind: "open", value: await box.decrypt(sealed) };
  } catch {
    return { kind: "unreadable" };
  }
}

/**
 * The key the service runs with. `unusable`: the file holds no key, or cannot be read
 * (or made); it is left as it is, since the admin may restore it from a backup,
 * and the box opens nothing and stores nothing until then.
 */
export type SecretKey =
  | { kind: "loaded"; box: SecretBox; path: string; created: boolean }
  | { kind: "unusable"; box: SecretBox; path: string; problem: string };

/** What is wrong with a key file's text, or null for 32 bytes of base64. */
function keyTextProblem(text: string): string | null {
  if (text === "") return "it is empty";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return "it is not base64";
  const bytes = fromBase64(text).length;
  return bytes === KEY_BYTES ? null : `it holds ${bytes} bytes, not ${KEY_BYTES}`;
}

/** A box that opens nothing and refuses to seal, for a key file that cannot be used. */
async function unusableBox(problem: string): Promise<SecretBox> {
  // fingerprints only compare within this run (cached tokens), so any key serves
  const { fingerprint } = await createSecretBox(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
  const refuse = () =>
    Promise.reject(new SecretKeyUnusableError(`secret.key cannot be used (${problem}): no secret can be stored until it is restored, or removed and the service restarted`));
  return { fingerprint, encrypt: refuse, decrypt: refuse };
}

/** The key kept in `<dataDir>/secret.key` (32 random bytes, base64, 0600), made at first start. */
export async function loadSecretBox(dataDir: string): Promise<SecretKey> {
  const path = join(dataDir, SECRET_KEY_FILE);
  let file;
  try {
    file = await readOrCreateSecretFile(path, () => toBase64(crypto.getRandomValues(new Uint8Array(KEY_BYTES))));
  } catch (err) {
    const problem = `it cannot be read or created: ${(err as { code?: string }).code ?? errorMessage(err)}`;
    return { kind: "unusable", box: await unusableBox(problem), path, problem };
  }
  const problem = keyTextProblem(file.secret);
  if (problem) return { kind: "unusable", box: await unusableBox(problem), path, problem };
  return { kind: "loaded", box: await createSecretBox(fromBase64(file.secret)), path, created: file.created };
}
