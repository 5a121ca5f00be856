import { createPrivateKey, X509Certificate } from "node:crypto";
import { open, stat } from "node:fs/promises";
import type { TlsFilePaths } from "../config.ts";
import { errorMessage } from "../error-message.ts";

/** A certificate (chain) and its private key, as PEM text. */
export interface TlsPem {
  cert: string;
  key: string;
}

export type TlsLoad =
  | { ok: true; pem: TlsPem; subject: string; validTo: Date; expired: boolean }
  | { ok: false; reason: string };

/** A chain of a few certificates is some KiB: anything this large is not one. */
const MAX_PEM_BYTES = 1024 * 1024;

/**
 * Reads the certificate and key files and checks, before any server sees them, that they
 * are PEM, that the key is the certificate's, and whether it is in date. The runtime's
 * own errors for a mismatched pair are cryptic or come only at the first handshake.
 */
export async function loadTlsFiles(paths: TlsFilePaths, now: Date): Promise<TlsLoad> {
  const cert = await readPem(paths.certPath, "certificate");
  if (!cert.ok) return cert;
  const key = await readPem(paths.keyPath, "key");
  if (!key.ok) return key;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert.text);
  } catch (err) {
    return { ok: false, reason: `${paths.certPath} holds no PEM certificate (${errorMessage(err)})` };
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(key.text));
  } catch (err) {
    return { ok: false, reason: `${paths.keyPath} holds no unencrypted PEM private key (${errorMessage(err)})` };
  }
  if (!matches) return { ok: false, reason: `${paths.keyPath} is not the private key of the certificate in ${paths.certPath}` };
  const validTo = new Date(certificate.validTo);
  const expired = now < new Date(certificate.validFrom) || now > validTo;
  return { ok: true, pem: { cert: cert.text, key: key.text }, subject: certificate.subject.replace(/\n/g, ", "), validTo, expired };
}

async function readPem(path: string, what: string): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  let file;
  try {
    // looked at before opening: opening a FIFO would wait for a writer
    if (!(await stat(path)).isFile()) return { ok: false, reason: `the TLS ${what} ${path} is not a file` };
    file = await open(path, "r");
  } catch (err) {
    return { ok: false, reason: `cannot read the TLS ${what} ${path}: ${errorMessage(err)}` };
  }
  try {
    const buffer = new Uint8Array(MAX_PEM_BYTES + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_PEM_BYTES) return { ok: false, reason: `the TLS ${what} ${path} is larger than 1 MiB` };
    return { ok: true, text: new TextDecoder().decode(buffer.subarray(0, bytesRead)) };
  } catch (err) {
    return { ok: false, reason: `cannot read the TLS ${what} ${path}: ${errorMessage(err)}` };
  } finally {
    await file.close();
  }
}
