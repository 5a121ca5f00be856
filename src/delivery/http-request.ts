import type { RenderedRequest } from "./render.ts";
import type { ClientTls } from "./client-tls.ts";
import { BodyReadError, readBodyStart, type HttpClient } from "./response-body.ts";
import { describeSendError } from "./send-error.ts";

/** What came back from one HTTP request, or why nothing did. Never throws. */
export type SendResult =
  | {
      kind: "response";
      status: number;
      statusText: string;
      headers: Record<string, string>;
      /** The start of the body, decoded, when asked for (at most `maxBodyBytes`). */
      body: string | null;
      /** The body was longer than what `body` holds. */
      bodyTruncated: boolean;
      durationMs: number;
    }
  /** `retryable` is false when asking again cannot help: the request itself is wrong. */
  | { kind: "error"; error: string; durationMs: number; retryable: boolean };

export interface SendOptions {
  http: HttpClient;
  timeoutMs: number;
  /** Read up to this many bytes of the response body; 0 reads none. */
  maxBodyBytes: number;
  /** Measures the duration: a monotonic clock where one is at hand, so setting the wall clock does not lengthen it. */
  now: () => number;
  /** The webhook's own trust and client certificate, if any. */
  tls?: ClientTls;
}

/**
 * Why a rendered URL may not be requested, or null. Checked when the request is sent, as
 * a template may render anything for some event: only http and https go out (a `file:` or
 * `data:` URL would answer with a file of the box), with a host, and no credentials in it
 * (they belong in the authentication settings, which keep them encrypted).
 */
export function urlProblem(url: string): string | null {
  const known = verdicts.get(url);
  if (known !== undefined) return known;
  const verdict = checkUrl(url);
  if (url.length <= MAX_REMEMBERED_URL) {
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(url, verdict);
  }
  return verdict;
}

/**
 * The verdicts on the URLs last checked: a webhook's URL is mostly the same text at every
 * delivery, and parsing it cost more than the rest of the check. Bounded in number and in
 * length (a rendered URL may be 8 KiB), so at most 128 KiB.
 */
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 64;
const MAX_REMEMBERED_URL = 2048;

function checkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `the URL ${JSON.stringify(url.slice(0, 200))} is not an absolute URL`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `the URL's scheme ${parsed.protocol} is not allowed: only http and https`;
  if (parsed.hostname === "") return "the URL has no host";
  if (parsed.username !== "" || parsed.password !== "") return "the URL carries credentials: use the authentication settings instead";
  return null;
}

/**
 * An answer not kept whose stated length is at most this is read to its end rather than
 * cancelled: cheaper than the stream a cancel needs (about 3 µs a delivery), and its
 * connection stays fit for the next request. The request's deadline bounds the wait.
 */
const READ_UNKEPT_UP_TO = 64 * 1024;

async function responseBody(response: Response, url: string, options: SendOptions): Promise<{ body: string | null; bodyTruncated: boolean }> {
  if (options.maxBodyBytes <= 0) {
    const stated = Number(response.headers.get("content-length") ?? Number.NaN);
    // only bytes as sent: a runtime that decodes as it reads would unpack them to any size
    const asSent = options.http.bodies === "encoded" || response.headers.get("content-encoding") === null;
    if (asSent && stated <= READ_UNKEPT_UP_TO) {
      await response.arrayBuffer().catch(() => {});
      return { body: null, bodyTruncated: stated > 0 };
    }
  }
  if (!response.body) return { body: null, bodyTruncated: false };
  if (options.maxBodyBytes <= 0) {
    await response.body.cancel().catch(() => {});
    return { body: null, bodyTruncated: true };
  }
  const encoding = options.http.bodies === "encoded" ? response.headers.get("content-encoding") : null;
  try {
    const start = await readBodyStart(response.body, encoding, options.maxBodyBytes);
    return { body: start.text, bodyTruncated: start.truncated };
  } catch (err) {
    // the status line already told the outcome: keep what arrived and say why the rest did not
    const { partial, reason } = err instanceof BodyReadError ? err : { partial: "", reason: err };
    return { body: `${partial}\n[response body cut short: ${describeSendError(reason, url, options.timeoutMs)}]`, bodyTruncated: true };
  }
}

/**
 * Sends one request with a deadline covering the whole exchange. Redirects are not
 * followed: a webhook URL that moved is the admin's to fix, and following a 302 would
 * turn the POST into a GET.
 */
export async function sendRequest(request: RenderedRequest, options: SendOptions): Promise<SendResult> {
  const refused = urlProblem(request.url);
  if (refused !== null) return { kind: "error", error: `not sent: ${refused}`, durationMs: 0, retryable: false };
  const started = options.now();
  // whole milliseconds, as the log and the API give them; a monotonic clock has fractions
  const elapsed = () => Math.round(options.now() - started);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await options.http.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal,
    }, options.tls);
    const { headers } = response;
    let record: Record<string, string> | undefined;
    return {
      kind: "response",
      status: response.status,
      statusText: response.statusText,
      // made when first read: by the log of a webhook that keeps headers, a Retry-After, a
      // redirect's Location; most answers are read by none
      get headers() {
        return (record ??= Object.fromEntries(headers));
      },
      ...(await responseBody(response, request.url, options)),
      durationMs: elapsed(),
    };
  } catch (err) {
    return { kind: "error", error: describeSendError(err, request.url, options.timeoutMs), durationMs: elapsed(), retryable: true };
  }
}
