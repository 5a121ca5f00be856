import type { WebhookEvent } from "../events/event.ts";
import type { Webhook } from "../webhooks/model.ts";
import { unreadableSecretsError } from "../webhooks/unreadable-secrets.ts";
import type { RequestSecurity } from "./auth/request-security.ts";
import { AuthError } from "./auth/token-request.ts";
import { renderRequest, type RenderedRequest } from "./render.ts";
import type { HttpClient } from "./response-body.ts";
import { sendRequest, type SendResult } from "./http-request.ts";

export interface ExchangeOptions {
  timeoutMs: number;
  maxBodyBytes: number;
}

/** A request and what came of it. */
export interface Exchange {
  request: RenderedRequest;
  result: SendResult;
}

/** The exchange's deadline came before the webhook's request could be sent whole. */
class OutOfTime extends Error {}

/**
 * Turns a webhook and an event into one HTTP exchange: render, authorize, sign, send.
 * A token the endpoint refuses (401, 403) is replaced and the request sent once more at
 * once, so an expired token costs no retry delay. A secret that does not open sends
 * nothing (neither without credentials nor unsigned). Never throws: every failure is a result.
 */
export class DeliverySender {
  /** `now` (epoch ms) for deadlines; durations by `monotonic`, which setting the clock does not move. */
  constructor(
    private readonly security: RequestSecurity,
    private readonly http: HttpClient,
    private readonly now: () => number,
    private readonly monotonic: () => number,
  ) {}

  /** One exchange; `timeoutMs` bounds each request of it. */
  async send(webhook: Webhook, event: WebhookEvent, options: ExchangeOptions): Promise<Exchange> {
    return (await this.sendWithin(webhook, event, { ...options, deadline: Infinity }))!;
  }

  /**
   * One exchange that must end by `deadline` (epoch ms): a token request gets what is
   * left of it, and the webhook's request is started only while its whole timeout fits.
   * Null when it no longer did: the webhook's request was not sent, nothing to record.
   */
  async sendWithin(webhook: Webhook, event: WebhookEvent, options: ExchangeOptions & { deadline: number }): Promise<Exchange | null> {
    const rendered = renderRequest(webhook, event);
    if (!rendered.ok) {
      return {
        request: { method: webhook.method, url: webhook.url, headers: {}, body: null },
        result: { kind: "error", error: `not sent: ${rendered.problem}`, durationMs: 0, retryable: false },
      };
    }
    const { request } = rendered;
    if (webhook.unreadable_secrets.length > 0) {
      // sealed with another key (another instance's, a restored database's): nothing goes out without it
      return { request, result: { kind: "error", error: unreadableSecretsError(webhook.unreadable_secrets), durationMs: 0, retryable: true } };
    }
    try {
      return { request, result: await this.sendSecured(request, webhook, options) };
    } catch (err) {
      if (err instanceof OutOfTime) return null;
      throw err;
    }
  }

  private async sendSecured(request: RenderedRequest, webhook: Webhook, options: ExchangeOptions & { deadline: number }): Promise<SendResult> {
    const started = this.monotonic();
    const elapsed = () => Math.round(this.monotonic() - started);
    const timeout = () => {
      const left = Math.min(options.timeoutMs, options.deadline - this.now());
      if (left <= 0) throw new OutOfTime();
      return left;
    };
    const send = () => {
      // the webhook's request only with its whole timeout: cut short, it could reach the
      // receiver, be counted a failure and be sent again
      const left = timeout();
      if (left < options.timeoutMs) throw new OutOfTime();
      return sendRequest(request, { http: this.http, now: this.monotonic, maxBodyBytes: options.maxBodyBytes, timeoutMs: left });
    };
    let sent = false;
    try {
      const token = await this.security.authorize(request, webhook, timeout());
      await this.security.sign(request, webhook);
      const result = await send();
      sent = true;
      if (token === null || result.kind !== "response" || (result.status !== 401 && result.status !== 403)) return result;
      await this.security.reauthorize(request, webhook, token, timeout());
      await this.security.sign(request, webhook);
      return await send();
    } catch (err) {
      // nothing reached the receiver yet: the caller may give the delivery back untouched;
      // after a refused first request it is an attempt, and counts as one (or it would loop)
      if (err instanceof OutOfTime && !sent) throw err;
      if (err instanceof OutOfTime) {
        return { kind: "error", error: "refused the token, and the renewed one came too late to send again within the claim", durationMs: elapsed(), retryable: true };
      }
      // anything else is a fault of ours, yet still an attempt the log must show: a delivery
      // that threw would stay claimed and be thrown again, never retried nor given up on
      const error = err instanceof AuthError ? err.message : `the request could not be sent: ${(err as Error)?.message ?? String(err)}`;
      return { kind: "error", error, durationMs: elapsed(), retryable: true };
    }
  }
}
