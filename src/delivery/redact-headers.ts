/** What stands for a secret wherever one is shown. */
export const REDACTED = "[redacted]";

/** Headers that carry credentials by definition. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** A header named for a secret (`X-Api-Key`, `X-Auth-Token`, `Client-Secret`) likely carries one. */
const CREDENTIAL_NAME = /token|secret|key|password/i;
/**
 * Authorization schemes worth keeping in the log: they tell which kind of credentials
 * went out. Only these: the first word of a value that has no scheme
 * (`Authorization: part1 part2`) may be part of the secret.
 */
const KNOWN_SCHEME = /^(Basic|Bearer|Digest|Token|ApiKey|DPoP|Negotiate|NTLM|OAuth|AWS4-HMAC-SHA256)\s+\S/i;

/**
 * Headers as the attempt log may keep them: a credential's value becomes `[redacted]`,
 * after its scheme when it has a known one (`Bearer [redacted]`). The one rule for
 * request and response headers alike.
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  for (const [name, value] of Object.entries(copy)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase()) && !CREDENTIAL_NAME.test(name)) continue;
    const scheme = KNOWN_SCHEME.exec(value.trim())?.[1];
    copy[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return copy;
}
