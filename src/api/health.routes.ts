import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { VERSION } from "../version.ts";
import { ErrorResponseSchema, jsonContent } from "./openapi-common.ts";

const HealthSchema = z
  .object({ status: z.literal("ok"), version: z.string() })
  .openapi("Health");

const health = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  summary: "Liveness check (no authentication)",
  tags: ["system"],
  security: [],
  responses: {
    200: { description: "The service is up", content: { "application/json": { schema: HealthSchema } } },
    // answered by the server around the app (service.ts), which the routes never see
    503: jsonContent(ErrorResponseSchema, "Starting, or stopping because its database file was deleted or replaced; see Retry-After"),
  },
});

export function healthRoutes() {
  return new OpenAPIHono().openapi(health, (c) => c.json({ status: "ok" as const, version: VERSION }, 200));
}
