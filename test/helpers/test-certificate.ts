import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { connect } from "node:tls";

/** A certificate authority the tests make, which issues certificates with `issuedBy`. */
export interface TestCa {
  cert: string;
  key: string;
  name: Uint8Array;
  privateKey: KeyObject;
}

/**
 * A certificate (ECDSA P-256) for `localhost` and 127.0.0.1, made in the test with nothing
 * but node:crypto: the X.509 structure is written out in DER here, so the tests need no
 * openssl binary. Self-signed unless `issuedBy` names a CA (a PMS's private CA); `ca: true`
 * makes a CA itself. Validity is a window around `now` (or the one asked for).
 */
export function makeTestCertificate(options: { commonName: string; notBefore?: Date; notAfter?: Date; issuedBy?: TestCa }): { cert: string; key: string } {
  const { cert, key } = issue(options, false);
  return { cert, key };
}

/** A CA certificate (basicConstraints cA, keyCertSign) and its key, to issue others with. */
export function makeTestCa(commonName: string): TestCa {
  return issue({ commonName }, true);
}

function issue(options: { commonName: string; notBefore?: Date; notAfter?: Date; issuedBy?: TestCa }, ca: boolean): TestCa {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const now = Date.now();
  const name = sequence(set(sequence(oid("2.5.4.3"), tagged(0x0c, new TextEncoder().encode(options.commonName)))));
  const ecdsaWithSha256 = sequence(oid("1.2.840.10045.4.3.2"));
  const critical = tagged(0x01, Uint8Array.of(0xff));
  const extensions = ca
    ? [
        sequence(oid("2.5.29.19"), critical, tagged(0x04, sequence(tagged(0x01, Uint8Array.of(0xff))))), // basicConstraints cA
        sequence(oid("2.5.29.15"), critical, tagged(0x04, tagged(0x03, Uint8Array.of(1, 0x06)))), // keyUsage keyCertSign, cRLSign
      ]
    : [
        sequence(
          oid("2.5.29.17"),
          tagged(
            0x04,
            sequence(
              tagged(0x82, new TextEncoder().encode("localhost")), // dNSName
              tagged(0x87, Uint8Array.of(127, 0, 0, 1)), // iPAddress
            ),
          ),
        ),
      ];
  const tbs = sequence(
    tagged(0xa0, integer(Uint8Array.of(2))), // version 3
    integer(randomBytes(16)),
    ecdsaWithSha256,
    options.issuedBy?.name ?? name,
    sequence(utcTime(options.notBefore ?? new Date(now - 3_600_000)), utcTime(options.notAfter ?? new Date(now + 86_400_000))),
    name,
    new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
    tagged(0xa3, sequence(...extensions)),
  );
  const signature = sign("sha256", tbs, options.issuedBy?.privateKey ?? privateKey);
  const certificate = sequence(tbs, ecdsaWithSha256, tagged(0x03, concat(Uint8Array.of(0), signature)));
  return { cert: pem("CERTIFICATE", certificate), key: String(privateKey.export({ type: "pkcs8", format: "pem" })), name, privateKey };
}

/** The common name of the certificate a new connection is served, verified against `ca` for `localhost`. */
export function servedCommonName(port: number, ca: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername: "localhost", ca }, () => {
      resolve(String(socket.getPeerCertificate().subject.CN));
      socket.end();
    });
    socket.on("error", reject);
  });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** One DER element: tag, definite length, content. */
function tagged(tag: number, content: Uint8Array): Uint8Array {
  const length: number[] = [];
  for (let n = content.length; n > 0; n >>= 8) length.unshift(n & 0xff);
  const header = content.length < 0x80 ? [content.length] : [0x80 | length.length, ...length];
  return concat(Uint8Array.of(tag, ...header), content);
}

const sequence = (...items: Uint8Array[]) => tagged(0x30, concat(...items));
const set = (...items: Uint8Array[]) => tagged(0x31, concat(...items));

/** A non-negative INTEGER: a leading 0 keeps a high first bit from reading as negative. */
/** A DER INTEGER, non-negative and minimal: a leading zero byte only before a high bit (a strict parser refuses any other). */
function integer(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && !(bytes[start + 1]! & 0x80)) start++;
  const minimal = bytes.subarray(start);
  return tagged(0x02, minimal[0]! & 0x80 ? concat(Uint8Array.of(0), minimal) : minimal);
}

function oid(dotted: string): Uint8Array {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let n = arc >> 7; n > 0; n >>= 7) base128.unshift((n & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tagged(0x06, Uint8Array.from(bytes));
}

/** UTCTime, as X.509 requires for dates before 2050: YYMMDDHHMMSSZ. */
function utcTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";
  return tagged(0x17, new TextEncoder().encode(text));
}

function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g)!;
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
