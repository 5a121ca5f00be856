import { join } from "node:path";
import { fromBase64, toBase64 } from "../base64.ts";
import { readOrCreateSecretFile } from "./secret-file.ts";

export const SECRET_KEY_FILE = "secret.key";
const PREFIX = "v1:";

/** Encrypts secrets for the database, so a copy of the database file leaks none of them. */
export interface SecretBox {
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
  /** A keyed hash (HMAC-SHA256, hex): tells whether secrets changed without storing anything guessable. */
  fingerprint(text: string): Promise<string>;
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

/** The key kept in `<dataDir>/secret.key` (32 random bytes, base64, 0600), made at first start. */
export async function loadSecretBox(dataDir: string): Promise<{ box: SecretBox; path: string; created: boolean }> {
  const path = join(dataDir, SECRET_KEY_FILE);
  const { secret, created } = await readOrCreateSecretFile(path, () =>
    toBase64(crypto.getRandomValues(new Uint8Array(32))),
  );
  const raw = fromBase64(secret);
  if (raw.length !== 32) throw new Error(`secret key file ${path} does not hold 32 bytes of base64`);
  return { box: await createSecretBox(raw), path, created };
}
