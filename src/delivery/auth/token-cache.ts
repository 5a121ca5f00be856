import type { Client } from "@libsql/client";
import type { Logger } from "../../logger.ts";
import type { ServiceMetrics } from "../../metrics/service-metrics.ts";
import { SecretKeyUnusableError, type SecretBox } from "../../security/secret-box.ts";
import type { AuthSettings } from "../../webhooks/model.ts";
import type { ClientTls } from "../client-tls.ts";
import type { HttpClient } from "../response-body.ts";
import { fetchToken, type FetchedToken } from "./token-request.ts";

export interface CachedToken {
  token: string;
  expiresAt: number;
}

interface Entry extends CachedToken {
  fingerprint: string;
}

/**
 * When a token fetched at `fetchedAt` is renewed: after the refresh interval, or before
 * it expires when the endpoint said when (early by a tenth of its life, at most a
 * minute, so no request goes out with a token about to lapse), whichever comes first.
 */
export function renewalTime(fetchedAt: number, refreshMinutes: number, lifetimeSeconds: number | null): number {
  const byInterval = fetchedAt + refreshMinutes * 60_000;
  if (lifetimeSeconds === null) return byInterval;
  const lifetimeMs = lifetimeSeconds * 1000;
  return Math.min(byInterval, fetchedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 10));
}

/**
 * Bearer tokens per webhook: kept in memory and, encrypted, in the database so a
 * restart does not cost an auth request; refreshed after the webhook's interval, or
 * sooner when the endpoint says the token expires sooner.
 * Requests that need a token at the same moment share one auth request. A token is
 * bound to a keyed fingerprint of the auth settings, so changing them drops it.
 */
export class TokenCache {
  private readonly memory = new Map<number, Entry>();
  private readonly fetching = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly client: Client,
    private readonly secrets: SecretBox,
    private readonly options: { http: HttpClient; now: () => number; logger: Logger; metrics: ServiceMetrics },
  ) {}

  /** A valid token for the webhook: from memory, from the database, or fetched. */
  async get(webhookId: number, auth: AuthSettings, timeoutMs: number, tls?: ClientTls): Promise<CachedToken> {
    const fingerprint = await this.fingerprint(auth);
    const now = this.options.now();
    const cached = this.memory.get(webhookId) ?? (await this.load(webhookId));
    if (cached && cached.fingerprint === fingerprint && cached.expiresAt > now) return cached;
    return this.fetchShared(webhookId, auth, fingerprint, timeoutMs, tls);
  }

  /**
   * A new token after the endpoint refused `rejected`. When another request already
   * replaced that token, its replacement is used rather than asking again.
   */
  async renew(webhookId: number, auth: AuthSettings, rejected: string, timeoutMs: number, tls?: ClientTls): Promise<CachedToken> {
    const fingerprint = await this.fingerprint(auth);
    const current = this.memory.get(webhookId);
    if (current && current.token !== rejected && current.fingerprint === fingerprint && current.expiresAt > this.options.now()) {
      return current;
    }
    await this.drop(webhookId);
    return this.fetchShared(webhookId, auth, fingerprint, timeoutMs, tls);
  }

  /** Fetches a token now, replacing any cached one (the API's "test authentication"). */
  async fetchNew(webhookId: number, auth: AuthSettings, timeoutMs: number, tls?: ClientTls): Promise<CachedToken> {
    return this.fetchShared(webhookId, auth, await this.fingerprint(auth), timeoutMs, tls);
  }

  async drop(webhookId: number): Promise<void> {
    this.memory.delete(webhookId);
    await this.client.execute({ sql: "DELETE FROM auth_tokens WHERE webhook_id = ?", args: [webhookId] });
  }

  private fingerprint(auth: AuthSettings): Promise<string> {
    const { type, url, method, headers, body, body_mime_type, username, password, token_field, token_refresh_interval } = auth;
    return this.secrets.fingerprint(
      JSON.stringify([type, url, method, headers, body, body_mime_type, username, password, token_field, token_refresh_interval]),
    );
  }

  private fetchShared(webhookId: number, auth: AuthSettings, fingerprint: string, timeoutMs: number, tls: ClientTls | undefined): Promise<CachedToken> {
    const key = `${webhookId}:${fingerprint}`;
    let pending = this.fetching.get(key);
    if (!pending) {
      pending = this.fetchAndStore(webhookId, auth, fingerprint, timeoutMs, tls).finally(() => this.fetching.delete(key));
      this.fetching.set(key, pending);
    }
    return pending;
  }

  private async fetchAndStore(webhookId: number, auth: AuthSettings, fingerprint: string, timeoutMs: number, tls: ClientTls | undefined): Promise<Entry> {
    const fetchedAt = this.options.now();
    let fetched: FetchedToken;
    try {
      fetched = await fetchToken(auth, { http: this.options.http, timeoutMs, now: this.options.now, tls });
    } catch (err) {
      this.options.metrics.tokenFetched(webhookId, false);
      throw err;
    }
    this.options.metrics.tokenFetched(webhookId, true);
    const { token, lifetimeSeconds } = fetched;
    const entry = { token, fingerprint, expiresAt: renewalTime(fetchedAt, auth.token_refresh_interval, lifetimeSeconds) };
    const sealed = await this.secrets.encrypt(token).catch((err) => {
      // secret.key cannot be used: the token serves this run from memory
      if (err instanceof SecretKeyUnusableError) return null;
      throw err;
    });
    if (sealed !== null) {
      await this.client.execute({
        sql: `INSERT INTO auth_tokens (webhook_id, token_enc, auth_fingerprint, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT (webhook_id) DO UPDATE SET token_enc = excluded.token_enc, auth_fingerprint = excluded.auth_fingerprint,
                fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
        args: [webhookId, sealed, fingerprint, fetchedAt, entry.expiresAt],
      });
    }
    this.memory.set(webhookId, entry);
    this.options.logger.info("auth token fetched", { webhook_id: webhookId, expires_at: new Date(entry.expiresAt).toISOString() });
    return entry;
  }

  private async load(webhookId: number): Promise<Entry | undefined> {
    const rs = await this.client.execute({
      sql: "SELECT token_enc, auth_fingerprint, expires_at FROM auth_tokens WHERE webhook_id = ?",
      args: [webhookId],
    });
    const row = rs.rows[0];
    if (!row) return undefined;
    try {
      const entry = {
        token: await this.secrets.decrypt(String(row.token_enc)),
        fingerprint: String(row.auth_fingerprint),
        expiresAt: Number(row.expires_at),
      };
      this.memory.set(webhookId, entry);
      return entry;
    } catch {
      return undefined; // written with another key: fetch a new one
    }
  }
}
