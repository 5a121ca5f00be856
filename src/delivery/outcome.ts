import type { SendResult } from "./http-request.ts";

/** What an attempt means for its delivery. */
export type Outcome =
  | { kind: "succeeded" }
  | { kind: "retryable"; error: string; retryAfter: string | null }
  | { kind: "failed"; error: string; disableWebhook: string | null };

/** The receiver's reason phrase is its own text: kept short, so the log's rows stay bounded. */
const MAX_REASON = 100;

/** "answered 500 Internal Server Error": what the receiver said, as the log shows it. */
function statusLine(status: number, statusText: string): string {
  const reason = statusText.length > MAX_REASON ? `${statusText.slice(0, MAX_REASON)}…` : statusText;
  return `answered ${status}${reason ? ` ${reason}` : ""}`;
}

/**
 * 2xx succeeds. A request that could not be made (its URL or body is wrong for this event)
 * fails at once. No answer, a timeout, 408, 429 and 5xx may pass, so they are retried;
 * any other status will not change by asking again. 410 Gone says the endpoint is gone
 * for good, so the webhook is switched off too.
 */
export function classify(result: SendResult): Outcome {
  if (result.kind === "error") {
    return result.retryable ? { kind: "retryable", error: result.error, retryAfter: null } : { kind: "failed", error: result.error, disableWebhook: null };
  }
  const { status } = result;
  const line = statusLine(status, result.statusText);
  if (status >= 200 && status < 300) return { kind: "succeeded" };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retryable", error: line, retryAfter: result.headers["retry-after"] ?? null };
  }
  if (status === 410) {
    return { kind: "failed", error: line, disableWebhook: "the endpoint answered 410 Gone" };
  }
  if (status >= 300 && status < 400) {
    const location = result.headers.location;
    return { kind: "failed", error: `${line}: redirect${location ? ` to ${location}` : ""} not followed`, disableWebhook: null };
  }
  return { kind: "failed", error: line, disableWebhook: null };
}
