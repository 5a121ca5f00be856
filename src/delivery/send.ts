import type { RenderedRequest } from "./render.ts";

/** What came back from one HTTP request, or why nothing did. Never throws. */
export type SendResult =
  | {
      kind: "response";
      status: number;
      statusText: string;
      headers: Record<string, string>;
      /** The start of the body, when asked for (at most `maxBodyBytes`). */
      body: string | null;
      durationMs: number;
    }
  | { kind: "error"; error: string; durationMs: number };

export interface SendOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Read up to this many bytes of the response body; 0 reads none. */
  maxBodyBytes: number;
  /** Measures the duration: a monotonic clock where one is at hand, so setting the wall clock does not lengthen it. */
  now: () => number;
}

/**
 * Reads at most `limit` bytes, then cancels the stream: a 50 MB answer costs 64 KiB.
 * A body cut short (the receiver closed the connection) keeps what arrived and says so:
 * the status line already told the outcome.
 */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number, timeoutMs: number): Promise<string | null> {
  if (!body) return null;
  if (limit <= 0) {
    await body.cancel().catch(() => {});
    return null;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cutShort = "";
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, limit - size));
      size += Math.min(value.length, limit - size);
    }
  } catch (err) {
    cutShort = `\n[response body cut short: ${describeError(err, timeoutMs)}]`;
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes) + cutShort;
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no response within ${timeoutMs / 1000} s (timeout)`;
  const message = e?.message ?? String(err);
  const code = e?.code && e.code !== e.name && !message.startsWith(e.code) ? `${e.code}: ` : "";
  return `${code}${message}`;
}

/**
 * Sends one request with a deadline covering the whole exchange. Redirects are not
 * followed: a webhook URL that moved is the admin's to fix, and following a 302 would
 * turn the POST into a GET.
 */
export async function sendRequest(request: RenderedRequest, options: SendOptions): Promise<SendResult> {
  const started = options.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal,
    });
    const body = await readLimited(response.body, options.maxBodyBytes, options.timeoutMs);
    return {
      kind: "response",
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
      body,
      durationMs: options.now() - started,
    };
  } catch (err) {
    return { kind: "error", error: describeError(err, options.timeoutMs), durationMs: options.now() - started };
  }
}
