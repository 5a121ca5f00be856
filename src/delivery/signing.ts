import { fromBase64, toBase64 } from "../base64.ts";

/**
 * Signatures as the Standard Webhooks specification defines them (the scheme Svix
 * uses): `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one entry
 * per active secret, separated by spaces, so receivers can switch secrets without a gap.
 */
const SECRET_PREFIX = "whsec_";

/** A new secret: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

async function sign(secret: string, content: string): Promise<string> {
  const keyBytes = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(content))));
}

/** The three headers for a request body (empty for GET), signed with each secret. */
export async function signatureHeaders(
  secrets: string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  const content = `${messageId}.${timestampSeconds}.${body}`;
  const signatures = await Promise.all(secrets.map(async (s) => `v1,${await sign(s, content)}`));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}
