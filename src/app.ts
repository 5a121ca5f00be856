import { limitBodiesAtOnce } from "./api/bodies-at-once.ts";
import { catalogueRoutes } from "./api/catalogue.routes.ts";
import { configRoutes } from "./api/config.routes.ts";
import { errorBody, errorHandler } from "./api/errors.ts";
import { eventLookupRoutes } from "./api/event-lookup.routes.ts";
import { eventRoutes } from "./api/events.routes.ts";
import { healthRoutes } from "./api/health.routes.ts";
import { logRoutes } from "./api/log.routes.ts";
import { bearerAuth, headLength, limitBodySize, requireJsonBody } from "./api/middleware.ts";
import { previewRoutes } from "./api/preview.routes.ts";
import { recoverRoutes } from "./api/recover.routes.ts";
import { createRouter } from "./api/router.ts";
import { settingsRoutes } from "./api/settings.routes.ts";
import { securityHeaders } from "./api/security-headers.ts";
import { serveStaticAssets, type StaticAssets } from "./api/static-assets.ts";
import { statsRoutes } from "./api/stats.routes.ts";
import { webhookTestRoutes } from "./api/webhook-test.routes.ts";
import { webhookSecurityRoutes } from "./api/webhook-security.routes.ts";
import { webhookRoutes } from "./api/webhooks.routes.ts";
import { tokenRoutes } from "./api/tokens.routes.ts";
import type { TokenCache } from "./delivery/auth/token-cache.ts";
import type { DeliverySender } from "./delivery/delivery-exchange.ts";
import type { TestSendLog } from "./delivery/test-send-log.ts";
import type { StatsQueries } from "./log/stats-queries.ts";
import type { DeliveryStore } from "./delivery/delivery-store.ts";
import type { Recoveries } from "./delivery/recoveries.ts";
import type { EventQueries } from "./log/event-queries.ts";
import type { LogQueries } from "./log/log-queries.ts";
import type { EventStore } from "./events/event-store.ts";
import type { Client } from "@libsql/client";
import type { Logger } from "./logger.ts";
import type { ServiceMetrics } from "./metrics/service-metrics.ts";
import type { ApiTokenStore } from "./security/api-tokens.ts";
import type { SignInLimiter } from "./security/sign-in-limiter.ts";
import type { SettingsRepository } from "./settings/repository.ts";
import { VERSION } from "./version.ts";
import type { WebhookRepository } from "./webhooks/repository.ts";

/** Everything the HTTP app needs, passed in (see compose.ts) so tests can use a temp database and a fixed clock. */
export interface AppDeps {
  adminToken: string;
  /** A read-only token that opens /metrics and nothing else. */
  metricsToken?: string;
  logger: Logger;
  assets: StaticAssets;
  /** Named API tokens with scopes, for the box's scripts. */
  apiTokens: ApiTokenStore;
  /** Counts failed sign-ins per address, for /api and /metrics alike. */
  signIns: SignInLimiter;
  /** Served over TLS of its own (not a proxy's): answers carry Strict-Transport-Security. */
  https?: boolean;
  now: () => Date;
  webhooks: WebhookRepository;
  settings: SettingsRepository;
  events: EventStore;
  deliveries: DeliveryStore;
  log: LogQueries;
  eventLog: EventQueries;
  tokens: TokenCache;
  sender: DeliverySender;
  testSends: TestSendLog;
  stats: StatsQueries;
  metrics: ServiceMetrics;
  /** For the queue gauges /metrics reads when scraped. */
  client: Client;
  /**
   * The configuration changed (settings, webhooks), or deliveries were queued again: the
   * dispatcher should look now rather than at its next interval. (The event store tells
   * it of new events itself.)
   */
  onConfigChanged: () => void;
  recoveries: Recoveries;
  /** A recovery was asked for: its background work starts now. */
  onRecovery: () => void;
}

const API_DESCRIPTION = [
  "The webhook service of the IACBOX: events in (`queueEvents`), signed and retried HTTP requests out to the",
  "webhooks an admin configured, every attempt in the event log (`listDeliveries`).",
  "",
  "Every route but `getHealth` needs a token as `Authorization: Bearer <token>`: the admin token, or an API token",
  "(`createApiToken`) holding the route's scope: `events:write` for `queueEvents`, `read` for every other GET but",
  "`listApiTokens`, `admin` for everything (a token lacking the scope gets a 403 naming it). Errors share one shape,",
  "`{\"error\": {\"code\", \"message\", \"issues\": [{\"path\", \"message\"}]}}`, where `issues` names each field at fault.",
].join("\n");

export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Request bodies handled at once, at most (see bodies-at-once.ts): 32 requests of
 * 900 KB at once took the compiled service to a peak of 336–350 MB, 220–226 MB with this
 * bound; the rest is the bodies themselves, read as they arrive.
 */
const MAX_BODIES_AT_ONCE = 2 * 1024 * 1024;

/** Builds the Hono app. No side effects: the caller owns the database, the dispatcher and the server. */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
  app.use("*", headLength(), securityHeaders({ https: deps.https ?? false }));

  app.use("/api/*", limitBodySize({ maxBytes: MAX_BODY_BYTES }));
  app.route("/api", healthRoutes());
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "iacbox-webhooks",
      version: VERSION,
      description: API_DESCRIPTION,
      // not an open-source licence: SPDX names such a one with a LicenseRef- identifier (OpenAPI 3.1's
      // `identifier`, which the document builder's types, written for 3.0, do not list)
      license: { name: "Proprietary: part of the IACBOX firmware", ...{ identifier: "LicenseRef-IACBOX-Proprietary" } },
    },
    // relative to this document (/api/openapi.json): the service's root, under a path prefix too
    servers: [{ url: "..", description: "This service" }],
    security: [{ adminToken: [] }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer" });
  // relative, so that it holds under a path prefix too
  app.get("/api/docs", (c) => c.redirect("../api.html"));

  app.use(
    "/api/*",
    bearerAuth({ tokens: [deps.adminToken], signIns: deps.signIns, scoped: { check: (token, at) => deps.apiTokens.check(token, at), now: deps.now } }),
    requireJsonBody(),
    limitBodiesAtOnce({ maxBytes: MAX_BODIES_AT_ONCE }),
  );
  const { now } = deps;
  app.route("/api", eventRoutes({ events: deps.events, now, metrics: deps.metrics }));
  app.route("/api", catalogueRoutes());
  app.route("/api", previewRoutes({ webhooks: deps.webhooks, now, onChanged: deps.onConfigChanged }));
  app.route("/api", webhookRoutes({ webhooks: deps.webhooks, now, onChanged: deps.onConfigChanged }));
  app.route(
    "/api",
    webhookSecurityRoutes({ webhooks: deps.webhooks, settings: deps.settings, tokens: deps.tokens, now, onChanged: deps.onConfigChanged }),
  );
  app.route("/api", webhookTestRoutes({ webhooks: deps.webhooks, settings: deps.settings, sender: deps.sender, testSends: deps.testSends, now }));
  app.route("/api", statsRoutes({ stats: deps.stats, now }));
  app.route("/api", eventLookupRoutes({ events: deps.eventLog }));
  app.route("/api", recoverRoutes({ webhooks: deps.webhooks, recoveries: deps.recoveries, now, onRecovery: deps.onRecovery }));
  app.route("/api", logRoutes({ log: deps.log, deliveries: deps.deliveries, now, onQueued: deps.onConfigChanged }));
  app.route("/api", settingsRoutes({ settings: deps.settings, now, onChanged: deps.onConfigChanged }));
  app.route("/api", tokenRoutes({ tokens: deps.apiTokens, now }));
  app.route("/api", configRoutes({ webhooks: deps.webhooks, settings: deps.settings, now, onChanged: deps.onConfigChanged }));

  app.get("/metrics", bearerAuth({ tokens: [deps.adminToken, ...(deps.metricsToken ? [deps.metricsToken] : [])], signIns: deps.signIns }), async (c) =>
    c.text(await deps.metrics.render(deps.client, now().getTime()), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  );

  app.use("*", serveStaticAssets(deps.assets));
  return app;
}

export type App = ReturnType<typeof createApp>;
