import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { VERSION } from "../version.ts";

const HealthSchema = z
  .object({ status: z.literal("ok"), version: z.string() })
  .openapi("Health");

const health = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness check (no authentication)",
  tags: ["system"],
  security: [],
  responses: {
    200: { description: "The service is up", content: { "application/json": { schema: HealthSchema } } },
  },
});

export function healthRoutes() {
  return new OpenAPIHono().openapi(health, (c) => c.json({ status: "ok" as const, version: VERSION }, 200));
}
