/**
 * Why a request got no answer, in words first and the system's code second, as the log
 * shows it: "server name not found (ENOTFOUND crm.example)", "connection refused
 * (ECONNREFUSED 10.0.0.5:443)", "timed out after 10 s". An admin reads the words; the
 * code is what to search for.
 */

/** What a runtime's error code means; `about`: whether the server's name or its address goes beside the code. */
const CODES: Record<string, { words: string; about: "name" | "address" }> = {
  ENOTFOUND: { words: "server name not found", about: "name" },
  EAI_AGAIN: { words: "server name could not be looked up (DNS not answering)", about: "name" },
  ECONNREFUSED: { words: "connection refused", about: "address" },
  ConnectionRefused: { words: "connection refused", about: "address" },
  // Bun's code for a server that closed the connection unexpectedly, as for a reset
  ECONNRESET: { words: "connection closed by the server before a full answer", about: "address" },
  ConnectionClosed: { words: "connection closed before an answer", about: "address" },
  EHOSTUNREACH: { words: "host unreachable", about: "address" },
  ENETUNREACH: { words: "network unreachable", about: "address" },
  ETIMEDOUT: { words: "connection timed out", about: "address" },
};

/** Deno names no code: its message says what happened (hyper's and the OS's wording). */
const MESSAGES: [RegExp, string][] = [
  [/dns error|failed to lookup address|name or service not known/i, "ENOTFOUND"],
  [/connection refused/i, "ECONNREFUSED"],
  [/connection reset/i, "ECONNRESET"],
];

/** Text from a runtime's message: at most this long, so the log's rows stay bounded. */
const MAX_DETAIL = 200;

const bounded = (text: string) => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text);

function target(url: string, about: "name" | "address"): string {
  try {
    const { hostname, port, protocol } = new URL(url);
    return about === "name" ? hostname : `${hostname}:${port || (protocol === "https:" ? "443" : "80")}`;
  } catch {
    return "";
  }
}

/** The error's own code, or the one its message (or its cause's, as Deno nests it) describes. */
function codeOf(e: { code?: unknown; message?: unknown; cause?: unknown }): string | undefined {
  if (typeof e.code === "string" && e.code !== "") return e.code;
  const messages = [e.message, (e.cause as { message?: unknown } | undefined)?.message].filter((m) => typeof m === "string");
  return MESSAGES.find(([pattern]) => messages.some((m) => pattern.test(m)))?.[1];
}

/** Words for an error thrown by `fetch(url)` (or while reading its body) under a deadline of `timeoutMs`. */
export function describeSendError(err: unknown, url: string, timeoutMs: number): string {
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as { name?: string; code?: unknown; message?: unknown; cause?: unknown };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `timed out after ${timeoutMs / 1000} s`;
  const code = codeOf(e);
  const known = code === undefined ? undefined : CODES[code];
  if (known) return `${known.words} (${[code, target(url, known.about)].filter(Boolean).join(" ")})`;
  if (code !== undefined && /CERT|TLS|SSL/i.test(code)) return `the server's TLS certificate was not accepted (${bounded(code)})`;
  const message = typeof e.message === "string" ? e.message : String(err);
  return `the request failed (${bounded(code !== undefined && !message.includes(code) ? `${code}: ${message}` : message)})`;
}
