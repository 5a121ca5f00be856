import type { Webhook } from "../../webhooks/model.ts";
import { clientTls } from "../client-tls.ts";
import type { RenderedRequest } from "../render.ts";
import { signatureHeaders } from "../signing.ts";
import type { TokenCache } from "./token-cache.ts";
import { basicAuthorization } from "./token-request.ts";

/** The signing secrets in force at `now`: the current one, and the previous one until it expires. */
export function activeSigningSecrets(webhook: Webhook, now: number): string[] {
  const { current, previous, previous_expires_at } = webhook.signing;
  const secrets = current ? [current] : [];
  if (previous && previous_expires_at !== null && previous_expires_at > now) secrets.push(previous);
  return secrets;
}

/**
 * Adds what proves the request: the Authorization header of the webhook's auth type,
 * and the Standard Webhooks signature headers when it has a signing secret.
 */
export class RequestSecurity {
  constructor(
    private readonly tokens: TokenCache,
    private readonly now: () => number,
  ) {}

  /** Sets Authorization; returns the bearer token used, if any. Throws AuthError when no token can be had. */
  async authorize(request: RenderedRequest, webhook: Webhook, timeoutMs: number): Promise<string | null> {
    const { auth } = webhook;
    if (auth.type === "basic") request.headers.authorization = basicAuthorization(auth.username, auth.password);
    if (auth.type !== "token") return null;
    const { token } = await this.tokens.get(webhook.id, auth, timeoutMs, clientTls(webhook.tls));
    request.headers.authorization = `Bearer ${token}`;
    return token;
  }

  /** After a 401 or 403: a new token (shared with other requests that were refused the same one). */
  async reauthorize(request: RenderedRequest, webhook: Webhook, rejected: string, timeoutMs: number): Promise<void> {
    const { token } = await this.tokens.renew(webhook.id, webhook.auth, rejected, timeoutMs, clientTls(webhook.tls));
    request.headers.authorization = `Bearer ${token}`;
  }

  /** Signs the exact body that will be sent; called again before a resend, for a fresh timestamp. */
  async sign(request: RenderedRequest, webhook: Webhook): Promise<void> {
    const now = this.now();
    const secrets = activeSigningSecrets(webhook, now);
    if (secrets.length === 0) return;
    const id = request.headers["webhook-id"]!;
    Object.assign(request.headers, await signatureHeaders(secrets, id, Math.floor(now / 1000), request.body ?? ""));
  }
}
