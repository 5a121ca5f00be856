import { createHmac, timingSafeEqual } from "node:crypto";
import type { ReceivedRequest } from "./receiver.ts";

/**
 * A receiver's verification, written from the Standard Webhooks specification with
 * node:crypto (the service signs with WebCrypto): true when any v1 signature matches.
 */
export function verifySignature(secret: string, request: ReceivedRequest): boolean {
  const id = request.headers["webhook-id"]!;
  const timestamp = request.headers["webhook-timestamp"]!;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${request.body}`).digest();
  return request.headers["webhook-signature"]!.split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    const given = Buffer.from(signature ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
