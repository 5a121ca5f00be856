import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client.ts";
import { deliveries, webhooks } from "../db/schema.ts";
import { openSecret, type SecretBox } from "../security/secret-box.ts";
import type { SigningSecrets, UnreadableSecret, Webhook, WebhookSettings } from "./model.ts";

type Row = typeof webhooks.$inferSelect;

/** Stored webhooks. Passwords are encrypted on the way in and decrypted on the way out. */
export class WebhookRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async list(): Promise<Webhook[]> {
    const rows = await this.db.select().from(webhooks).orderBy(asc(webhooks.id));
    return Promise.all(rows.map((row) => this.toWebhook(row)));
  }

  async get(id: number): Promise<Webhook | null> {
    const [row] = await this.db.select().from(webhooks).where(eq(webhooks.id, id));
    return row ? this.toWebhook(row) : null;
  }

  async create(settings: WebhookSettings, now: Date): Promise<Webhook> {
    const [row] = await this.db
      .insert(webhooks)
      .values({ ...(await this.toColumns(settings)), createdAt: now.getTime(), updatedAt: now.getTime() })
      .returning();
    return this.toWebhook(row!);
  }

  /**
   * Replaces the settings. Switching a webhook on again clears why the service had
   * switched it off. Returns null when there is no such webhook.
   */
  async update(id: number, settings: WebhookSettings, now: Date): Promise<Webhook | null> {
    const [row] = await this.db
      .update(webhooks)
      .set({
        ...(await this.toColumns(settings)),
        ...(settings.enabled ? { disabledReason: null } : {}),
        updatedAt: now.getTime(),
        revision: sql`${webhooks.revision} + 1`,
      })
      .where(eq(webhooks.id, id))
      .returning();
    return row ? this.toWebhook(row) : null;
  }

  /**
   * Deletes a webhook. Its queued deliveries are failed in the same transaction, so the
   * log says what became of them; the log keeps its entries (with the webhook's name), and
   * their `former_webhook_id` says whose they were. Ids are never reused (AUTOINCREMENT).
   */
  async remove(id: number, now: Date): Promise<boolean> {
    const [, , deleted] = await this.db.batch(this.removeStatements(id, now));
    return deleted.length > 0;
  }

  private removeStatements(id: number, now: Date) {
    return [
      this.db
        .update(deliveries)
        .set({ status: "failed", error: "the webhook was deleted", nextAttemptAt: null, finishedAt: now.getTime(), updatedAt: now.getTime() })
        .where(and(eq(deliveries.webhookId, id), inArray(deliveries.status, ["pending", "retrying"]))),
      // what the foreign key's ON DELETE SET NULL would do, keeping the id beside it
      this.db.update(deliveries).set({ webhookId: null, formerWebhookId: id }).where(eq(deliveries.webhookId, id)),
      this.db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id }),
    ] as const;
  }

  /**
   * Stores a whole configuration at once (an import): each webhook new (`storedId` null) or
   * over a stored one, with exactly these signing secrets; `removeIds` deleted as `remove`
   * does; `alongside` (the settings) in the same transaction. All of it, or nothing.
   */
  async storeAll(
    items: { storedId: number | null; settings: WebhookSettings; signing: SigningSecrets }[],
    removeIds: number[],
    now: Date,
    alongside: BatchItem<"sqlite">[],
  ): Promise<void> {
    const at = now.getTime();
    // sealed first: a query builder is a thenable, which an async function would run
    const sealed = await Promise.all(
      items.map(async ({ settings, signing }) => ({ ...(await this.toColumns(settings)), ...(await this.signingColumns(signing)), updatedAt: at })),
    );
    const writes = items.map(({ storedId, settings }, i) => {
      const columns = sealed[i]!;
      if (storedId === null) return this.db.insert(webhooks).values({ ...columns, createdAt: at });
      return this.db
        .update(webhooks)
        .set({ ...columns, ...(settings.enabled ? { disabledReason: null } : {}), revision: sql`${webhooks.revision} + 1` })
        .where(eq(webhooks.id, storedId));
    });
    const statements: BatchItem<"sqlite">[] = [...removeIds.flatMap((id) => this.removeStatements(id, now)), ...writes, ...alongside];
    if (statements.length > 0) await this.db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }

  private async signingColumns(signing: SigningSecrets) {
    const seal = (secret: string | null) => (secret === null ? null : this.secrets.encrypt(secret));
    return {
      signingSecretEnc: await seal(signing.current),
      previousSigningSecretEnc: await seal(signing.previous),
      previousSigningSecretExpiresAt: signing.previous === null ? null : signing.previous_expires_at,
    };
  }

  /**
   * Sets a new signing secret. The one it replaces stays valid until `previousValidUntil`,
   * so receivers can switch over. Returns false when there is no such webhook.
   */
  async rotateSigningSecret(id: number, secret: string, now: Date, previousValidUntil: Date): Promise<boolean> {
    const updated = await this.db
      .update(webhooks)
      .set({
        previousSigningSecretEnc: sql`${webhooks.signingSecretEnc}`,
        previousSigningSecretExpiresAt: sql`CASE WHEN ${webhooks.signingSecretEnc} IS NULL THEN NULL ELSE ${previousValidUntil.getTime()} END`,
        signingSecretEnc: await this.secrets.encrypt(secret),
        updatedAt: now.getTime(),
        revision: sql`${webhooks.revision} + 1`,
      })
      .where(eq(webhooks.id, id))
      .returning({ id: webhooks.id });
    return updated.length > 0;
  }

  /** Turns signing off, forgetting every secret. */
  async clearSigningSecrets(id: number, now: Date): Promise<boolean> {
    const updated = await this.db
      .update(webhooks)
      .set({
        signingSecretEnc: null,
        previousSigningSecretEnc: null,
        previousSigningSecretExpiresAt: null,
        updatedAt: now.getTime(),
        revision: sql`${webhooks.revision} + 1`,
      })
      .where(eq(webhooks.id, id))
      .returning({ id: webhooks.id });
    return updated.length > 0;
  }

  private async toColumns(s: WebhookSettings) {
    return {
      name: s.name,
      url: s.url,
      method: s.method,
      events: s.events,
      headers: s.headers,
      body: s.body,
      bodyMimeType: s.body_mime_type,
      logBodyAndHeaders: s.log_body_and_headers,
      enabled: s.enabled,
      ordering: s.ordering,
      authType: s.auth.type,
      authUrl: s.auth.url,
      authMethod: s.auth.method,
      authHeaders: s.auth.headers,
      authBody: s.auth.body,
      authBodyMimeType: s.auth.body_mime_type,
      authUsername: s.auth.username,
      authPasswordEnc: s.auth.password === "" ? null : await this.secrets.encrypt(s.auth.password),
      authTokenRefreshMinutes: s.auth.token_refresh_interval,
      authTokenField: s.auth.token_field,
      filter: s.filter,
      rateLimitPerMinute: s.rate_limit_per_minute,
      tlsCa: s.tls.ca,
      tlsClientCert: s.tls.client_cert,
      tlsClientKeyEnc: s.tls.client_key === "" ? null : await this.secrets.encrypt(s.tls.client_key),
    };
  }

  /**
   * A secret that does not open (secret.key lost or replaced) reads as absent and is
   * named in `unreadable_secrets`, so nothing goes out without it. A previous signing
   * secret is only a courtesy to receivers switching over: unreadable, it is left out.
   */
  private async toWebhook(row: Row): Promise<Webhook> {
    const unreadable: UnreadableSecret[] = [];
    const open = async (sealed: string | null, name?: UnreadableSecret) => {
      if (sealed === null || sealed === "") return null;
      const opened = await openSecret(this.secrets, sealed);
      if (opened.kind === "open") return opened.value;
      if (name) unreadable.push(name);
      return null;
    };
    // without authentication a password is never sent, so none is missed
    const password = (await open(row.authPasswordEnc, row.authType === "none" ? undefined : "password")) ?? "";
    const current = await open(row.signingSecretEnc, "signing_secret");
    const previous = await open(row.previousSigningSecretEnc);
    const clientKey = (await open(row.tlsClientKeyEnc, "client_key")) ?? "";
    return {
      id: row.id,
      name: row.name,
      url: row.url,
      method: row.method,
      events: row.events,
      headers: row.headers,
      body: row.body,
      body_mime_type: row.bodyMimeType,
      log_body_and_headers: row.logBodyAndHeaders,
      enabled: row.enabled,
      ordering: row.ordering,
      disabled_reason: row.disabledReason,
      auth: {
        type: row.authType,
        url: row.authUrl,
        method: row.authMethod,
        headers: row.authHeaders,
        body: row.authBody,
        body_mime_type: row.authBodyMimeType,
        username: row.authUsername,
        password,
        token_refresh_interval: row.authTokenRefreshMinutes,
        token_field: row.authTokenField,
      },
      filter: row.filter,
      rate_limit_per_minute: row.rateLimitPerMinute,
      tls: { ca: row.tlsCa, client_cert: row.tlsClientCert, client_key: clientKey },
      signing_enabled: row.signingSecretEnc !== null,
      signing: {
        current,
        previous,
        previous_expires_at: row.previousSigningSecretExpiresAt,
      },
      unreadable_secrets: unreadable,
      created_at: new Date(row.createdAt).toISOString(),
      updated_at: new Date(row.updatedAt).toISOString(),
    };
  }
}
