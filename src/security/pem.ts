import { createPrivateKey, X509Certificate } from "node:crypto";
import { errorMessage } from "../error-message.ts";

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM blocks of a text, with their labels (CERTIFICATE, PRIVATE KEY, …). */
function blocks(text: string): { label: string; pem: string }[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ label: m[1]!, pem: m[0] }));
}

/**
 * The certificates in a PEM text (a CA, a chain), or why it holds none that parse. Other
 * blocks are refused: a private key pasted where a certificate belongs must not be stored
 * as if it were one.
 */
export function parseCertificates(text: string): { ok: true; certificates: X509Certificate[] } | { ok: false; problem: string } {
  const found = blocks(text);
  if (found.length === 0) return { ok: false, problem: "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" };
  const certificates: X509Certificate[] = [];
  for (const [i, block] of found.entries()) {
    if (block.label !== "CERTIFICATE") return { ok: false, problem: `block ${i + 1} is a ${block.label}, not a CERTIFICATE` };
    try {
      certificates.push(new X509Certificate(block.pem));
    } catch (err) {
      return { ok: false, problem: `certificate ${i + 1} does not parse (${errorMessage(err)})` };
    }
  }
  return { ok: true, certificates };
}

/** Why a PEM text is not one unencrypted private key, or null. */
export function privateKeyProblem(text: string): string | null {
  const found = blocks(text);
  if (found.length !== 1 || !found[0]!.label.endsWith("PRIVATE KEY")) return "must be one PEM private key (-----BEGIN PRIVATE KEY-----)";
  if (found[0]!.label === "ENCRYPTED PRIVATE KEY") return "is encrypted: give it without a passphrase";
  try {
    createPrivateKey(found[0]!.pem);
    return null;
  } catch (err) {
    return `does not parse (${errorMessage(err)})`;
  }
}

/** Whether `key` is the private key of the first certificate in `cert` (both already parsed once). */
export function keyMatchesCertificate(cert: string, key: string): boolean {
  const parsed = parseCertificates(cert);
  if (!parsed.ok || privateKeyProblem(key) !== null) return false;
  return parsed.certificates[0]!.checkPrivateKey(createPrivateKey(key));
}
