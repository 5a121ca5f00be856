import { errorBody, errorHandler } from "./api/errors.ts";
import { createRouter } from "./api/router.ts";
import { catalogueRoutes } from "./api/catalogue.routes.ts";
import { healthRoutes } from "./api/health.routes.ts";
import { previewRoutes } from "./api/preview.routes.ts";
import { webhookRoutes } from "./api/webhooks.routes.ts";
import { adminAuth, limitBodySize, requireJsonBody } from "./api/middleware.ts";
import { serveStaticAssets, type StaticAssets } from "./api/static-assets.ts";
import type { Database } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import type { SecretBox } from "./security/secret-box.ts";
import { WebhookRepository } from "./webhooks/repository.ts";
import { VERSION } from "./version.ts";

/** Everything the HTTP app needs, passed in so tests can give a temp database and a quiet logger. */
export interface AppDeps {
  database: Database;
  adminToken: string;
  logger: Logger;
  assets: StaticAssets;
  secrets: SecretBox;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the Hono app. No side effects: the caller owns the database and the server. */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));

  app.use("/api/*", limitBodySize({ maxBytes: MAX_BODY_BYTES }));
  app.route("/api", healthRoutes());
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "iacbox-webhooks", version: VERSION },
    security: [{ adminToken: [] }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer" });

  app.use("/api/*", adminAuth({ token: deps.adminToken }), requireJsonBody());
  const webhookDeps = { webhooks: new WebhookRepository(deps.database.db, deps.secrets), now: deps.now ?? (() => new Date()) };
  app.route("/api", catalogueRoutes());
  app.route("/api", previewRoutes(webhookDeps));
  app.route("/api", webhookRoutes(webhookDeps));

  app.use("*", serveStaticAssets(deps.assets));
  return app;
}

export type App = ReturnType<typeof createApp>;
