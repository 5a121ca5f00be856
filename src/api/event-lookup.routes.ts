import { createRoute, z } from "@hono/zod-openapi";
import { EVENT_STATUSES, type EventQueries } from "../log/event-queries.ts";
import { ApiError } from "./errors.ts";
import { eventUuid, listFilter, listQueryFields, pageSchema } from "./list-query.ts";
import { LogItemSchema } from "./log.routes.ts";
import { errorResponses, jsonContent } from "./openapi-common.ts";
import { createRouter } from "./router.ts";

const tags = ["events"];

const EventQuerySchema = z.strictObject({
  ...listQueryFields,
  // a ticket's events are found through its deliveries; "no ticket" is every system event: use event_type
  ticket_id: listQueryFields.ticket_id.unwrap().min(1, "must not be empty").optional(),
});

const EventItemSchema = z
  .object({
    uuid: z.string(),
    type: z.string(),
    created_at: z.string(),
    ticket_id: z.string(),
    received_at: z.string(),
    status: z.enum(EVENT_STATUSES).openapi({
      description:
        "waiting: not yet matched against the webhooks (sending is switched off, or the dispatcher has not read it yet); " +
        "matched_no_webhook; in_progress: a delivery is pending or retrying; failed: a delivery failed; succeeded: all did; " +
        "past_retention: its deliveries were removed by the log's retention",
    }),
    deliveries_made: z.number().int().nullable().openapi({ description: "Deliveries it led to (0: matched no webhook; null while waiting), those removed since included" }),
    delivery_counts: z
      .object({ pending: z.number().int(), retrying: z.number().int(), succeeded: z.number().int(), failed: z.number().int() })
      .openapi({ description: "Its deliveries in the log, by status" }),
    test: z.boolean().openapi({ description: "Sent by POST /api/webhooks/:id/test" }),
  })
  .openapi("EventItem");

const EventDetailSchema = EventItemSchema.extend({
  data: z.record(z.string(), z.unknown()),
  deliveries: z.array(LogItemSchema).openapi({ description: "Each delivery it led to, oldest first; details at GET /api/log/{id}" }),
  filtered_out: z
    .array(z.object({ webhook_id: z.number().int(), webhook_name: z.string(), reason: z.string().openapi({ example: "ticket_type is parent" }) }))
    .openapi({ description: "The webhooks subscribed to its type whose filter turned it away, each with the condition's reason: no delivery was made for them" }),
}).openapi("Event");

export type EventItem = z.infer<typeof EventItemSchema>;
export type EventDetail = z.infer<typeof EventDetailSchema>;

/** A uuid that is none names no event: a 404, as an id that is no number (see router.ts). */
const EventUuidParamsSchema = z.object({
  uuid: z
    .string()
    .openapi({ param: { name: "uuid", in: "path" }, example: "019ac9a4-1f2b-7c3d-8e4f-5a6b7c8d9e0f" })
    .transform((raw, ctx) => {
      const parsed = eventUuid.safeParse(raw);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: `No event with uuid '${raw.slice(0, 40)}'` });
      return z.NEVER;
    }),
});

const routes = {
  list: createRoute({
    method: "get", path: "/events", operationId: "listEvents", tags, summary: "Every event held, newest first, and what became of each",
    request: { query: EventQuerySchema },
    responses: { 200: jsonContent(pageSchema(EventItemSchema), "A page of events"), ...errorResponses(422) },
  }),
  get: createRoute({
    method: "get", path: "/events/{uuid}", operationId: "getEvent", tags, summary: "One event as received, with each delivery it led to",
    request: { params: EventUuidParamsSchema },
    responses: { 200: jsonContent(EventDetailSchema, "The event"), ...errorResponses(404) },
  }),
};

export function eventLookupRoutes({ events }: { events: EventQueries }) {
  return createRouter()
    .openapi(routes.list, async (c) => {
      const q = c.req.valid("query");
      const page = await events.list(listFilter(q));
      return c.json(page, 200);
    })
    .openapi(routes.get, async (c) => {
      const { uuid } = c.req.valid("param");
      const event = await events.get(uuid);
      // the log's retention removes an event with its last delivery (log_retention_hours)
      if (!event) throw new ApiError("not_found", `No event with uuid ${uuid}: never received, or removed after the log's retention`);
      return c.json(event, 200);
    });
}
