import { OpenAPIHono } from "@hono/zod-openapi";
import { errorBody, errorHandler, validationError } from "./api/errors.ts";
import { healthRoutes } from "./api/health.routes.ts";
import { adminAuth, limitBodySize, requireJsonBody } from "./api/middleware.ts";
import { serveStaticAssets, type StaticAssets } from "./api/static-assets.ts";
import type { Database } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import { VERSION } from "./version.ts";

/** Everything the HTTP app needs, passed in so tests can give a temp database and a quiet logger. */
export interface AppDeps {
  database: Database;
  adminToken: string;
  logger: Logger;
  assets: StaticAssets;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** A router whose request validation failures become the API's 422 error shape. */
export function createRouter() {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}

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

  app.use("*", serveStaticAssets(deps.assets));
  return app;
}

export type App = ReturnType<typeof createApp>;
