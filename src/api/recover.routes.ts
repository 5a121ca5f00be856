import { createRoute, z } from "@hono/zod-openapi";
import type { Recoveries, Recovery } from "../delivery/recoveries.ts";
import type { WebhookRepository } from "../webhooks/repository.ts";
import { ApiError } from "./errors.ts";
import { isoTime } from "./list-query.ts";
import { errorResponses, idParams, jsonBody, jsonContent, WebhookIdParamsSchema } from "./openapi-common.ts";
import { createRouter } from "./router.ts";
import { loadWebhook } from "./webhook-route-helpers.ts";

const tags = ["webhooks"];

const RecoverySchema = z
  .object({
    id: z.number().int(),
    webhook_id: z.number().int(),
    since: z.string().openapi({ description: "Deliveries that finally failed from this time on…" }),
    until: z.string().openapi({ description: "…and before this one" }),
    matched: z.number().int().openapi({ description: "Failed deliveries in the range when it was asked for" }),
    requeued: z.number().int().openapi({ description: "Queued again so far (each once, with a fresh set of attempts)" }),
    created_at: z.string(),
    finished_at: z.string().nullable().openapi({ description: "When every one of them was queued again; null while that goes on" }),
  })
  .openapi("Recovery");

export type ApiRecovery = z.infer<typeof RecoverySchema>;

const RecoverBodySchema = z.strictObject({
  since: isoTime,
  until: isoTime.optional().describe("Default: now"),
});

const routes = {
  recover: createRoute({
    method: "post", path: "/webhooks/{id}/recover", operationId: "recoverWebhook", tags,
    summary: "Send again every delivery of this webhook that finally failed in a time range (after an outage); answers how many",
    request: { params: WebhookIdParamsSchema, ...jsonBody(RecoverBodySchema, { since: "2026-12-01T22:00:00Z", until: "2026-12-02T06:30:00Z" }) },
    responses: { 202: jsonContent(RecoverySchema, "Stored; the deliveries are queued again in the background"), ...errorResponses(400, 404, 409, 413, 415, 422) },
  }),
  get: createRoute({
    method: "get", path: "/recoveries/{id}", operationId: "getRecovery", tags, summary: "How far a recovery got",
    request: { params: idParams("recovery") },
    responses: { 200: jsonContent(RecoverySchema, "The recovery"), ...errorResponses(404) },
  }),
};

const iso = (ms: number) => new Date(ms).toISOString();

function toApiRecovery(r: Recovery): ApiRecovery {
  return { ...r, since: iso(r.since), until: iso(r.until), created_at: iso(r.created_at), finished_at: r.finished_at === null ? null : iso(r.finished_at) };
}

export interface RecoverRouteDeps {
  webhooks: WebhookRepository;
  recoveries: Recoveries;
  now: () => Date;
  /** Starts the background work on a new recovery at once. */
  onRecovery: () => void;
}

export function recoverRoutes({ webhooks, recoveries, now, onRecovery }: RecoverRouteDeps) {
  return createRouter()
    .openapi(routes.recover, async (c) => {
      const webhook = await loadWebhook(webhooks, c.req.valid("param").id);
      const body = c.req.valid("json");
      const at = now().getTime();
      const since = Date.parse(body.since);
      const until = body.until === undefined ? at : Date.parse(body.until);
      if (since >= until) {
        const problem = body.until === undefined ? { path: "since", message: "must be in the past" } : { path: "until", message: "must be after since" };
        throw new ApiError("validation_failed", `${problem.path}: ${problem.message}`, [problem]);
      }
      // as a resend: deliveries of a switched-off webhook would only wait, out of sight
      if (!webhook.enabled) throw new ApiError("conflict", "The webhook is switched off: switch it on, then recover its failed deliveries");
      const recovery = await recoveries.start(webhook.id, since, until, at);
      onRecovery();
      return c.json(toApiRecovery(recovery), 202);
    })
    .openapi(routes.get, async (c) => {
      const recovery = await recoveries.get(c.req.valid("param").id);
      if (!recovery) throw new ApiError("not_found", `No recovery with id ${c.req.valid("param").id}`);
      return c.json(toApiRecovery(recovery), 200);
    });
}
