import { createRoute, z } from "@hono/zod-openapi";
import type { DeliveryStore } from "../delivery/delivery-store.ts";
import { DELIVERY_STATUSES, type LogQueries } from "../log/log-queries.ts";
import { ApiError } from "./errors.ts";
import { takesNoBody } from "./middleware.ts";
import { eventUuid, listFilter, listQueryFields, pageSchema } from "./list-query.ts";
import { errorResponses, idParams, jsonContent } from "./openapi-common.ts";
import { createRouter } from "./router.ts";

const tags = ["log"];

const LogQuerySchema = z.strictObject({
  webhook_id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, "must be a webhook id")
    .openapi({ type: "integer", minimum: 1, description: "A webhook's id, also of a deleted one (see GET /api/log/webhooks)" })
    .transform(Number)
    .optional(),
  status: z.enum(DELIVERY_STATUSES, `must be one of ${DELIVERY_STATUSES.join(", ")}`).optional(),
  event_uuid: eventUuid.optional(),
  ...listQueryFields,
});

export const LogItemSchema = z
  .object({
    id: z.number().int(),
    event_uuid: z.string(),
    event_type: z.string(),
    ticket_id: z.string(),
    webhook_id: z.number().int().nullable(),
    webhook_name: z.string().openapi({ description: "The webhook's name when the delivery was made; kept after the webhook is deleted" }),
    webhook_deleted: z.boolean().openapi({ description: "The webhook was deleted since (webhook_id is then null; filter by its former id)" }),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    response_status: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    next_attempt_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    test: z.boolean().openapi({ description: "A test send (POST /api/webhooks/:id/test): not retried, not counted in the webhook's figures" }),
    held_back_by: z.number().int().nullable().openapi({
      description:
        "The earlier delivery of the same ticket to the same webhook that this one waits for (ordering: ticket), or waited for once that one was done; null when it did not wait",
    }),
    paused: z.boolean().openapi({
      description:
        "Unfinished (pending or retrying) while its webhook is switched off, by an admin or by the service (the webhook's disabled_reason): " +
        "nothing is sent until the webhook is switched on again, then it goes out at once; next_attempt_at is when it was due",
    }),
  })
  .openapi("LogItem");

const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    started_at: z.string(),
    duration_ms: z.number().int(),
    method: z.string(),
    url: z.string(),
    response_status: z.number().int().nullable(),
    error: z.string().nullable(),
    request_headers: z.record(z.string(), z.string()).nullable().optional(),
    request_body: z.string().nullable().optional(),
    response_headers: z.record(z.string(), z.string()).nullable().optional(),
    response_body: z.string().nullable().optional(),
  })
  .openapi("Attempt", { description: "Headers and bodies are present only when the webhook logs them" });

const LogDetailSchema = LogItemSchema.extend({
  event: z
    .object({ uuid: z.string(), type: z.string(), created_at: z.string(), ticket_id: z.string(), data: z.record(z.string(), z.unknown()) })
    .nullable(),
  attempt_log: z.array(AttemptSchema),
}).openapi("LogEntry");

const WebhookChoiceSchema = z
  .object({ id: z.number().int(), name: z.string(), deleted: z.boolean() })
  .openapi("LogWebhookChoice", { description: "A webhook the log can be filtered by (webhook_id); a deleted one while it has entries" });

export type LogItem = z.infer<typeof LogItemSchema>;
export type LogWebhookChoice = z.infer<typeof WebhookChoiceSchema>;
export type LogEntry = z.infer<typeof LogDetailSchema>;

const LogIdParamsSchema = idParams("log entry");

const routes = {
  list: createRoute({
    method: "get", path: "/log", operationId: "listDeliveries", tags, summary: "The event log: deliveries, newest first",
    request: { query: LogQuerySchema },
    responses: {
      200: jsonContent(pageSchema(LogItemSchema), "A page of the log"),
      ...errorResponses(422),
    },
  }),
  webhooks: createRoute({
    method: "get", path: "/log/webhooks", operationId: "listLogWebhooks", tags, summary: "The webhooks the log can be filtered by: every existing one, and the deleted ones that still have entries",
    responses: { 200: jsonContent(z.object({ items: z.array(WebhookChoiceSchema) }), "Existing webhooks by name, then deleted ones"), ...errorResponses() },
  }),
  get: createRoute({
    method: "get", path: "/log/{id}", operationId: "getDelivery", tags, summary: "One delivery with every attempt",
    request: { params: LogIdParamsSchema },
    responses: { 200: jsonContent(LogDetailSchema, "The delivery"), ...errorResponses(404) },
  }),
  resend: createRoute({
    method: "post", path: "/log/{id}/resend", operationId: "resendDelivery", tags, summary: "Send that event to that endpoint again",
    request: { params: LogIdParamsSchema },
    middleware: [takesNoBody()],
    responses: { 202: jsonContent(LogItemSchema, "Queued"), ...errorResponses(400, 404, 409, 415, 422) },
  }),
};

export interface LogRouteDeps {
  log: LogQueries;
  deliveries: DeliveryStore;
  now: () => Date;
  onQueued: () => void;
}

const RESEND_REFUSALS = {
  already_queued: "This delivery is already queued",
  no_webhook: "The webhook of this delivery was deleted",
  webhook_disabled: "The webhook is disabled: enable it first",
  test_send: "A test send is not sent again: send a test event from the webhook instead",
} as const;

export function logRoutes({ log, deliveries, now, onQueued }: LogRouteDeps) {
  async function load(id: number) {
    const entry = await log.get(id);
    if (!entry) throw new ApiError("not_found", `No log entry with id ${id}`);
    return entry;
  }

  return createRouter()
    .openapi(routes.list, async (c) => {
      const q = c.req.valid("query");
      const page = await log.list({ ...listFilter(q), webhookId: q.webhook_id, status: q.status, eventUuid: q.event_uuid });
      return c.json(page, 200);
    })
    .openapi(routes.webhooks, async (c) => c.json({ items: await log.webhookChoices() }, 200))
    .openapi(routes.get, async (c) => c.json(await load(c.req.valid("param").id), 200))
    .openapi(routes.resend, async (c) => {
      const { id } = await load(c.req.valid("param").id);
      const result = await deliveries.requeue(id, now().getTime());
      if (result === "not_found") throw new ApiError("not_found", `No log entry with id ${id}`);
      if (result !== "queued") throw new ApiError("conflict", RESEND_REFUSALS[result]);
      onQueued();
      const { event: _event, attempt_log: _attempts, ...item } = await load(id);
      return c.json(item, 202);
    });
}
