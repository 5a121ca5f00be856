import { scrypt } from "node:crypto";
import { z } from "zod";
import { fromBase64, toBase64 } from "../base64.ts";

/**
 * scrypt's cost: 2^15 × 8 × 128 bytes = 32 MiB of memory and about a tenth of a second per
 * export or import, well inside the box's 150 MB, and each guess at a passphrase as dear.
 * Written into every document, so a later version with other parameters still reads it.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
/** Ties the ciphertext to what it is: it opens as nothing else. */
const ADDITIONAL_DATA = new TextEncoder().encode("iacbox-webhooks configuration secrets, format 1");

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64");

/** Secrets sealed with a passphrase: how the key was derived and how to open them. */
export const SealedSecretsSchema = z
  .strictObject({
    kdf: z.strictObject({
      name: z.literal("scrypt"),
      N: z.number().int().min(2).max(2 ** 20),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(16),
      salt: base64,
    }),
    cipher: z.strictObject({ name: z.literal("AES-256-GCM"), iv: base64 }),
    /** The ciphertext with GCM's 16-byte tag at its end. */
    data: base64,
  })
  .meta({
    id: "SealedSecrets",
    description: "scrypt(passphrase UTF-8, salt, N, r, p) gives a 32-byte key; AES-256-GCM with iv opens data (tag last) into a JSON object",
  });

export type SealedSecrets = z.infer<typeof SealedSecretsSchema>;

export type Unsealed = { kind: "open"; value: unknown } | { kind: "wrong_passphrase" };

function deriveKey(passphrase: string, salt: Uint8Array, cost: { N: number; r: number; p: number }): Promise<CryptoKey> {
  return new Promise((resolve, reject) => {
    // maxmem: what these parameters need (128·N·r) and a margin; node's default caps at 32 MiB
    const maxmem = 128 * cost.N * cost.r * 2;
    scrypt(passphrase.normalize("NFC"), salt, KEY_BYTES, { ...cost, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(crypto.subtle.importKey("raw", new Uint8Array(key), "AES-GCM", false, ["encrypt", "decrypt"]));
    });
  });
}

/** Seals `value` (as JSON) with a key derived from `passphrase`. */
export async function sealWithPassphrase(value: unknown, passphrase: string): Promise<SealedSecrets> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, SCRYPT);
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: ADDITIONAL_DATA }, key, plain));
  return { kdf: { name: "scrypt", ...SCRYPT, salt: toBase64(salt) }, cipher: { name: "AES-256-GCM", iv: toBase64(iv) }, data: toBase64(data) };
}

/** Opens sealed secrets; a passphrase that does not open them (or altered data) is a result, not an error. */
export async function openWithPassphrase(sealed: SealedSecrets, passphrase: string): Promise<Unsealed> {
  const { salt, ...cost } = sealed.kdf;
  const key = await deriveKey(passphrase, fromBase64(salt), cost);
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(sealed.cipher.iv), additionalData: ADDITIONAL_DATA }, key, fromBase64(sealed.data));
    return { kind: "open", value: JSON.parse(new TextDecoder().decode(plain)) };
  } catch {
    return { kind: "wrong_passphrase" };
  }
}
