import { createRoute, z } from "@hono/zod-openapi";
import type { StatsQueries } from "../log/stats-queries.ts";
import { errorResponses, jsonContent } from "./openapi-common.ts";
import { createRouter } from "./router.ts";

const tags = ["stats"];

const WebhookStatsSchema = z
  .object({
    webhook_id: z.number().int(),
    last_status: z.string().nullable(),
    last_response_status: z.number().int().nullable(),
    last_at: z.string().nullable(),
    succeeded_24h: z.number().int(),
    failed_24h: z.number().int(),
    retrying_24h: z.number().int().openapi({ description: "Deliveries retrying after a failed attempt in the last 24 hours (failed so far)" }),
    success_rate_24h: z.number().nullable().openapi({
      description: "Share of the last 24 hours' deliveries that succeeded: those finished in that time and those retrying (0 for a webhook whose every attempt failed); null when there were none. Test sends are left out",
    }),
  })
  .openapi("WebhookStats");

export type WebhookStats = z.infer<typeof WebhookStatsSchema>;

const HourBucketSchema = z.object({ hour: z.string(), succeeded: z.number().int(), failed: z.number().int() }).openapi("HourBucket");

const routes = {
  webhooks: createRoute({
    method: "get", path: "/stats/webhooks", operationId: "getWebhookStats", tags, summary: "Each webhook's latest delivery and its last 24 hours",
    responses: { 200: jsonContent(z.object({ items: z.array(WebhookStatsSchema) }), "Per webhook"), ...errorResponses() },
  }),
  hourly: createRoute({
    method: "get", path: "/stats/hourly", operationId: "getHourlyStats", tags, summary: "Finished deliveries per hour over the last 24 hours",
    responses: { 200: jsonContent(z.object({ items: z.array(HourBucketSchema) }), "Oldest hour first"), ...errorResponses() },
  }),
};

export function statsRoutes({ stats, now }: { stats: StatsQueries; now: () => Date }) {
  return createRouter()
    .openapi(routes.webhooks, async (c) => c.json({ items: await stats.perWebhook(now().getTime()) }, 200))
    .openapi(routes.hourly, async (c) => c.json({ items: await stats.hourly(now().getTime(), 24) }, 200));
}
