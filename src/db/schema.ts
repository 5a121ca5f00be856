/**
 * The whole feature's tables. Times are unix epoch milliseconds (integers index and
 * compare cheaply); the API renders them as ISO 8601 UTC. Secrets are stored only
 * encrypted (`*_enc` columns), never in clear text.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { AUTH_METHODS, AUTH_MIME_TYPES, AUTH_TYPES, HTTP_METHODS, MIME_TYPES, ORDERINGS, type FilteredOut, type WebhookFilter } from "./webhook-choices.ts";

export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  url: text("url").notNull(),
  method: text("method", { enum: HTTP_METHODS }).notNull(),
  /** JSON array of event types and wildcards (`ticket.*`, `*`). */
  events: text("events", { mode: "json" }).$type<string[]>().notNull(),
  headers: text("headers").notNull().default(""),
  body: text("body").notNull().default(""),
  bodyMimeType: text("body_mime_type", { enum: MIME_TYPES }).notNull(),
  logBodyAndHeaders: integer("log_body_and_headers", { mode: "boolean" }).notNull().default(false),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Whether a ticket's deliveries wait for the one before them (see webhook-choices.ts). */
  ordering: text("ordering", { enum: ORDERINGS }).notNull().default("ticket"),
  /** Why the service switched the webhook off (410 Gone, failing for too long); null when an admin did. */
  disabledReason: text("disabled_reason"),
  /** Start of the current run of failed attempts (null after a success): drives auto-disable. */
  failingSince: integer("failing_since"),
  /**
   * Attempts failed since `failing_since`: auto-disable needs these as well as the time,
   * since a clock set forward makes any run look long.
   */
  failedAttempts: integer("failed_attempts").notNull().default(0),
  authType: text("auth_type", { enum: AUTH_TYPES }).notNull().default("none"),
  authUrl: text("auth_url").notNull().default(""),
  authMethod: text("auth_method", { enum: AUTH_METHODS }).notNull().default("POST"),
  authHeaders: text("auth_headers").notNull().default(""),
  authBody: text("auth_body").notNull().default(""),
  authBodyMimeType: text("auth_body_mime_type", { enum: AUTH_MIME_TYPES })
    .notNull()
    .default("application/json"),
  authUsername: text("auth_username").notNull().default(""),
  authPasswordEnc: text("auth_password_enc"),
  authTokenRefreshMinutes: integer("auth_token_refresh_minutes").notNull().default(60),
  authTokenField: text("auth_token_field").notNull().default(""),
  /** At most this many requests a minute to the endpoint; null: no limit. */
  rateLimitPerMinute: integer("rate_limit_per_minute"),
  /** Conditions on an event's fields that must all hold for it to be sent (JSON array). */
  filter: text("filter", { mode: "json" }).$type<WebhookFilter>().notNull().default([]),
  /** PEM certificates trusted in addition to the system's, for the webhook's requests and its token request. */
  tlsCa: text("tls_ca").notNull().default(""),
  /** Mutual TLS: the client certificate (chain) and its key, the key encrypted. */
  tlsClientCert: text("tls_client_cert").notNull().default(""),
  tlsClientKeyEnc: text("tls_client_key_enc"),
  signingSecretEnc: text("signing_secret_enc"),
  /** Kept after a rotation so receivers can switch over: both signatures are sent until it expires. */
  previousSigningSecretEnc: text("previous_signing_secret_enc"),
  previousSigningSecretExpiresAt: integer("previous_signing_secret_expires_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  /** Bumped by every change, by the API or the dispatcher: caches compare it, not clocks. */
  revision: integer("revision").notNull().default(0),
});

/**
 * Accepted events. A row with `fanned_out_at` null is still in the queue: the
 * dispatcher has not yet created its deliveries. Other processes (the `emit` CLI) may
 * insert here directly.
 */
export const events = sqliteTable(
  "events",
  {
    /**
     * The key deliveries refer to. It grows with each event, so their index is appended
     * to; an index on the random uuid would take a write at a random page per delivery.
     */
    id: integer("id").primaryKey({ autoIncrement: true }),
    uuid: text("uuid").notNull(),
    type: text("type").notNull(),
    ticketId: text("ticket_id").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    /** JSON object of the event data fields (unknown fields kept). */
    data: text("data").notNull().default("{}"),
    receivedAt: integer("received_at").notNull(),
    fannedOutAt: integer("fanned_out_at"),
    /**
     * How many deliveries the fan-out made (null before it): 0 says "matched no webhook",
     * and it still counts those the log's retention removed since.
     */
    deliveriesMade: integer("deliveries_made"),
    /** The webhooks whose filter turned it away, and why (JSON array); null when none did. */
    filteredOut: text("filtered_out", { mode: "json" }).$type<FilteredOut[]>(),
  },
  (t) => [
    uniqueIndex("events_uuid_uq").on(t.uuid),
    index("events_unfanned_idx").on(t.receivedAt).where(sql`${t.fannedOutAt} is null`),
    index("events_received_idx").on(t.receivedAt),
    // GET /api/events by type, newest first. Types are few, so each insert appends to one of a few runs.
    index("events_type_idx").on(t.type, t.id),
    // By ticket, an event is found through its deliveries' ticket index; only those that led
    // to none are indexed here. A full ticket index would take a write at a random page per event.
    index("events_no_delivery_ticket_idx").on(t.ticketId, t.id).where(sql`${t.deliveriesMade} = 0`),
  ],
);

/**
 * One row per (event, webhook): the unique key makes "each event goes to each endpoint
 * once" a database guarantee. Event type, ticket id and webhook name are copied here so
 * the log filters on one indexed table and survives the webhook's deletion.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    webhookId: integer("webhook_id").references(() => webhooks.id, { onDelete: "set null" }),
    webhookName: text("webhook_name").notNull(),
    /**
     * The id of its webhook once that was deleted (`webhook_id` is then null): the log still
     * filters by it, and lists the deleted webhooks that have entries. Null before migration 0010.
     */
    formerWebhookId: integer("former_webhook_id"),
    eventType: text("event_type").notNull(),
    ticketId: text("ticket_id").notNull().default(""),
    status: text("status", { enum: ["pending", "retrying", "succeeded", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** `attempts` when it was last (re)queued: the retry budget counts from here, so a resend gets a full one. */
    retryBase: integer("retry_base").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    /**
     * The instance whose clock set a retry's `next_attempt_at`: when that clock jumps, it
     * moves its own retries with it, and leaves those other instances timed.
     */
    scheduledBy: text("scheduled_by"),
    /** Lease of the dispatcher instance working on it; an expired lease may be taken over. */
    claimedBy: text("claimed_by"),
    claimExpiresAt: integer("claim_expires_at"),
    /** Claims on it taken back after their holder died while holding them; a third fails it (it may be what kills the service). */
    crashes: integer("crashes").notNull().default(0),
    /**
     * The earlier delivery of its ticket to its webhook that it waited for, noted when that
     * one finished (order per ticket): the log says what held it back.
     */
    heldBackBy: integer("held_back_by"),
    responseStatus: integer("response_status"),
    error: text("error"),
    durationMs: integer("duration_ms"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
    /**
     * A test send (POST /api/webhooks/:id/test), recorded once it is done: never queued nor
     * retried, not counted in the webhook's figures nor its auto-disable.
     */
    test: integer("test", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("deliveries_event_webhook_uq").on(t.eventId, t.webhookId),
    // The queue: due work per webhook (fair claiming, the next due time, claims to take
    // back after a restart). It holds only unfinished rows, so it stays small as the log grows.
    index("deliveries_webhook_due_idx")
      .on(t.webhookId, t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'retrying')`),
    // Order per ticket: a ticket's unfinished deliveries per webhook, so whether one waits
    // for an earlier one is a single lookup. Unfinished rows with a ticket only: small.
    index("deliveries_ticket_queue_idx")
      .on(t.webhookId, t.ticketId)
      .where(sql`${t.status} in ('pending', 'retrying') and ${t.ticketId} <> ''`),
    // The log lists newest first by id; each filter has an index in that order.
    index("deliveries_created_idx").on(t.createdAt),
    index("deliveries_webhook_idx").on(t.webhookId, t.id),
    // Deleted webhooks' entries only: never written when a delivery is made.
    index("deliveries_former_webhook_idx").on(t.formerWebhookId, t.id).where(sql`${t.formerWebhookId} is not null`),
    index("deliveries_type_idx").on(t.eventType, t.id),
    index("deliveries_ticket_idx").on(t.ticketId, t.id),
    index("deliveries_status_idx").on(t.status, t.id),
    index("deliveries_finished_idx").on(t.finishedAt).where(sql`${t.finishedAt} is not null`),
  ],
);

/** Every HTTP request made for a delivery; headers and bodies only when the webhook logs them. */
export const attempts = sqliteTable(
  "attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    attemptNo: integer("attempt_no").notNull(),
    startedAt: integer("started_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    method: text("method").notNull(),
    url: text("url").notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    requestHeaders: text("request_headers", { mode: "json" }).$type<Record<string, string>>(),
    requestBody: text("request_body"),
    responseHeaders: text("response_headers", { mode: "json" }).$type<Record<string, string>>(),
    responseBody: text("response_body"),
  },
  (t) => [index("attempts_delivery_idx").on(t.deliveryId, t.attemptNo)],
);

/** General settings, one row per key; the value is JSON. Missing keys take their defaults. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Cached bearer tokens of webhooks with token authentication. `auth_fingerprint` is a
 * hash of the auth settings the token was fetched with, so changing them drops it.
 */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    tokenEnc: text("token_enc").notNull(),
    authFingerprint: text("auth_fingerprint").notNull(),
    fetchedAt: integer("fetched_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.webhookId] })],
);

/**
 * Recoveries (POST /api/webhooks/:id/recover): the failed deliveries of a webhook in a
 * time range, queued again in batches in the background. `next_after_id` is how far the
 * batches got, so a restart goes on where it stopped; a delivery is queued again only
 * while it is failed, so one is never sent twice by the same recovery.
 */
export const recoveries = sqliteTable(
  "recoveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** The range of `finished_at`: since inclusive, until exclusive. */
    since: integer("since").notNull(),
    until: integer("until").notNull(),
    /** Failed deliveries in the range when it was asked for. */
    matched: integer("matched").notNull(),
    requeued: integer("requeued").notNull().default(0),
    nextAfterId: integer("next_after_id").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("recoveries_unfinished_idx").on(t.id).where(sql`${t.finishedAt} is null`)],
);

/**
 * Named API tokens with scopes, for the box's scripts (the admin token file stays the
 * bootstrap credential). Only a hash of each token is kept: see security/api-tokens.ts.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** JSON array of scopes (`events:write`, `read`, `admin`). */
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    /** SHA-256 of the token, hex. */
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Written at most once a minute per token, so a busy script does not write per request. */
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash)],
);
