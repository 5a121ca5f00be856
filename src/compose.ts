import { createApp } from "./app.ts";
import type { StaticAssets } from "./api/static-assets.ts";
import type { Database } from "./db/client.ts";
import { AttemptLog } from "./delivery/attempt-log.ts";
import { RequestSecurity } from "./delivery/auth/request-security.ts";
import { TokenCache } from "./delivery/auth/token-cache.ts";
import { DeliveryStore } from "./delivery/delivery-store.ts";
import { Dispatcher } from "./delivery/dispatcher.ts";
import { Recoveries, RecoveryRunner } from "./delivery/recoveries.ts";
import type { HttpClient } from "./delivery/response-body.ts";
import { DeliverySender } from "./delivery/delivery-exchange.ts";
import { TestSendLog } from "./delivery/test-send-log.ts";
import { StatsQueries } from "./log/stats-queries.ts";
import { EventQueries } from "./log/event-queries.ts";
import { LogQueries } from "./log/log-queries.ts";
import { EventStore } from "./events/event-store.ts";
import type { Logger } from "./logger.ts";
import { ServiceMetrics } from "./metrics/service-metrics.ts";
import { ApiTokenStore } from "./security/api-tokens.ts";
import type { SecretBox } from "./security/secret-box.ts";
import { SignInLimiter } from "./security/sign-in-limiter.ts";
import { SettingsRepository } from "./settings/repository.ts";
import { WebhookRepository } from "./webhooks/repository.ts";
import { WebhookCache } from "./webhooks/webhook-cache.ts";

export interface ComposeOptions {
  database: Database;
  secrets: SecretBox;
  adminToken: string;
  metricsToken?: string;
  logger: Logger;
  assets: StaticAssets;
  now?: () => Date;
  /** Milliseconds that setting the wall clock does not move; default `performance.now()`. */
  monotonic?: () => number;
  random?: () => number;
  /** How requests go out: the runtime's fetch, handing compressed answers over as they are. */
  http: HttpClient;
  /** Served over TLS of its own: answers pin the browser to HTTPS. */
  https?: boolean;
  instanceId?: string;
  /** The dispatcher's bounds on concurrent sends and held claims (defaults suit the box). */
  dispatcherLimits?: { maxInFlight?: number; maxPerWebhook?: number; maxHeld?: number; maxHeldBytes?: number };
}

/**
 * Wires the parts together: repositories on the database, the event store, the
 * dispatcher, and the HTTP app that feeds it. Starts nothing; the caller starts the
 * dispatcher and a server (service.ts), or drives them directly (tests).
 */
export function composeService(options: ComposeOptions) {
  const { database, logger } = options;
  const now = options.now ?? (() => new Date());
  const webhooks = new WebhookRepository(database.db, options.secrets);
  const settings = new SettingsRepository(database.db);
  const webhookCache = new WebhookCache(database.client, webhooks);
  const deliveries = new DeliveryStore(database.workClient);
  const nowMs = () => now().getTime();
  const monotonic = options.monotonic ?? (() => performance.now());
  const metrics = new ServiceMetrics();
  const tokens = new TokenCache(database.client, options.secrets, { http: options.http, now: nowMs, logger, metrics });
  const sender = new DeliverySender(new RequestSecurity(tokens, nowMs), options.http, nowMs, monotonic);
  const dispatcher = new Dispatcher({
    deliveries,
    attempts: new AttemptLog(database.workClient, logger),
    settings,
    webhooks: webhookCache,
    sender,
    metrics,
    logger,
    now: nowMs,
    monotonic,
    random: options.random ?? Math.random,
    instanceId: options.instanceId ?? "local",
    ...options.dispatcherLimits,
  });
  // queued again on the FULL-synchronous connection: a recovery the API acknowledged is on disk
  const recoveries = new Recoveries(database.client);
  const recoveryRunner = new RecoveryRunner(recoveries, { now: nowMs, logger, onQueued: () => dispatcher.wake(true) });
  const events = new EventStore(
    database.eventClient,
    now,
    async () => {
      if (!(await settings.get()).enabled) return null;
      const current = await webhookCache.all();
      return { webhooks: current.values(), handOff: dispatcher.handOff(current) };
    },
    () => dispatcher.wake(),
  );
  const app = createApp({
    adminToken: options.adminToken,
    logger,
    apiTokens: new ApiTokenStore(database.db),
    signIns: new SignInLimiter({ monotonic, logger }),
    assets: options.assets,
    https: options.https ?? false,
    now,
    webhooks,
    settings,
    events,
    // a resend the API acknowledges must be on disk first: the FULL-synchronous connection
    deliveries: new DeliveryStore(database.client),
    log: new LogQueries(database.db),
    eventLog: new EventQueries(database.db),
    tokens,
    sender,
    testSends: new TestSendLog(database.client),
    stats: new StatsQueries(database.client),
    metrics,
    client: database.client,
    metricsToken: options.metricsToken,
    recoveries,
    onRecovery: () => recoveryRunner.wake(),
    onConfigChanged: () => dispatcher.wake(true),
  });
  return { app, dispatcher, recoveryRunner, events, settings, webhooks, tokens, metrics };
}
