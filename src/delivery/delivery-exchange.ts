import { errorMessage } from "../error-message.ts";
import type { WebhookEvent } from "../events/event.ts";
import type { Webhook } from "../webhooks/model.ts";
import { unreadableSecretsError } from "../webhooks/unreadable-secrets.ts";
import type { RequestSecurity } from "./auth/request-security.ts";
import { clientTls } from "./client-tls.ts";
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

/**
 * `sent`: an attempt to record (its result may say that nothing could go out, as for a
 * template that does not render). `not_sent`: the deadline came before the webhook's
 * request could be sent whole; nothing reached the receiver, nothing to record.
 */
export type DeliveryExchange = ({ kind: "sent" } & Exchange) | { kind: "not_sent"; why: string };

const OUT_OF_TIME = "the deadline came before the request could be sent with its whole timeout";

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
  send(webhook: Webhook, event: WebhookEvent, options: ExchangeOptions): Promise<DeliveryExchange> {
    return this.sendWithin(webhook, event, { ...options, deadline: Infinity });
  }

  /**
   * One exchange that must end by `deadline` (epoch ms): a token request gets what is
   * left of it, and the webhook's request is started only while its whole timeout fits.
   */
  async sendWithin(webhook: Webhook, event: WebhookEvent, options: ExchangeOptions & { deadline: number }): Promise<DeliveryExchange> {
    const rendered = renderRequest(webhook, event);
    if (!rendered.ok) {
      return {
        kind: "sent",
        request: { method: webhook.method, url: webhook.url, headers: {}, body: null },
        result: { kind: "error", error: `not sent: ${rendered.problem}`, durationMs: 0, retryable: false },
      };
    }
    const { request } = rendered;
    if (webhook.unreadable_secrets.length > 0) {
      // sealed with another key (another instance's, a restored database's): nothing goes out without it
      const error = unreadableSecretsError(webhook.unreadable_secrets);
      return { kind: "sent", request, result: { kind: "error", error, durationMs: 0, retryable: true } };
    }
    const result = await this.sendSecured(request, webhook, options);
    return result === null ? { kind: "not_sent", why: OUT_OF_TIME } : { kind: "sent", request, result };
  }

  /** The result of the request(s), or null when the deadline came before the first went out. */
  private async sendSecured(request: RenderedRequest, webhook: Webhook, options: ExchangeOptions & { deadline: number }): Promise<SendResult | null> {
    const started = this.monotonic();
    const elapsed = () => Math.round(this.monotonic() - started);
    const timeLeft = () => Math.min(options.timeoutMs, options.deadline - this.now());
    // the webhook's request only with its whole timeout: cut short, it could reach the
    // receiver, be counted a failure and be sent again; null when it no longer fits
    const sendWhole = () =>
      timeLeft() < options.timeoutMs
        ? null
        : sendRequest(request, { http: this.http, now: this.monotonic, maxBodyBytes: options.maxBodyBytes, timeoutMs: options.timeoutMs, tls: clientTls(webhook.tls) });
    try {
      const tokenTime = timeLeft();
      if (tokenTime <= 0) return null;
      const token = await this.security.authorize(request, webhook, tokenTime);
      await this.security.sign(request, webhook);
      const result = await sendWhole();
      // nothing reached the receiver yet: the caller may give the delivery back untouched
      if (result === null) return null;
      if (token === null || result.kind !== "response" || (result.status !== 401 && result.status !== 403)) return result;
      const renewTime = timeLeft();
      if (renewTime > 0) {
        await this.security.reauthorize(request, webhook, token, renewTime);
        await this.security.sign(request, webhook);
        const again = await sendWhole();
        if (again !== null) return again;
      }
      // after a refused first request it is an attempt, and counts as one (or it would loop)
      return { kind: "error", error: "refused the token, and the renewed one came too late to send again within the claim", durationMs: elapsed(), retryable: true };
    } catch (err) {
      // a fault of ours, yet still an attempt the log must show: a delivery that threw
      // would stay claimed and be thrown again, never retried nor given up on
      const error = err instanceof AuthError ? err.message : `the request could not be sent: ${errorMessage(err)}`;
      return { kind: "error", error, durationMs: elapsed(), retryable: true };
    }
  }
}
