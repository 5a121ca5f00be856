import { createRoute, z } from "@hono/zod-openapi";
import type { EventStore } from "../events/event-store.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import { EventInputSchema, normaliseEvent, type EventInput } from "../events/schema.ts";
import { validationError } from "./errors.ts";
import { errorResponses, jsonBody, jsonContent } from "./openapi-common.ts";
import { eventExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";

export const MAX_BATCH = 1000;

const EventBatchSchema = z
  .array(EventInputSchema, "must be an event object or an array of them")
  .min(1, "must hold at least one event")
  .max(MAX_BATCH, `must hold at most ${MAX_BATCH} events`);

/** Documents the body; the handler validates it (see parseEventsBody). */
const EventsBodyDoc = z.unknown().openapi({
  description: `One event, or an array of 1 to ${MAX_BATCH} (stored all or nothing)`,
  oneOf: [
    { $ref: "#/components/schemas/EventInput" },
    { type: "array", minItems: 1, maxItems: MAX_BATCH, items: { $ref: "#/components/schemas/EventInput" } },
  ],
});

/** Built once: a schema costs more to build than to run. */
const SingleEventSchema = EventInputSchema.transform((e) => [e]);

/**
 * One event or an array of them. The form is chosen by shape before validating, so an
 * error names the field (`3.data.time_used`) instead of "matches neither form".
 */
function parseEventsBody(body: unknown): EventInput[] {
  const result = Array.isArray(body) ? EventBatchSchema.safeParse(body) : SingleEventSchema.safeParse(body);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

const AcceptedSchema = z
  .object({
    accepted: z.array(z.string()).openapi({ description: "The uuid of every event, in the order sent" }),
    duplicates: z.array(z.string()).openapi({ description: "Those already known: not queued again" }),
  })
  .openapi("Accepted");

const postEvents = createRoute({
  method: "post", path: "/events", operationId: "queueEvents", tags: ["events"],
  summary: "Queue events; answers once they are durably stored",
  request: jsonBody(EventsBodyDoc, [eventExample, { type: "system.backup.started" }]),
  responses: { 202: jsonContent(AcceptedSchema, "Stored; delivery follows"), ...errorResponses(400, 413, 415, 422) },
});

export interface EventRouteDeps {
  events: EventStore;
  now: () => Date;
  metrics: ServiceMetrics;
}

export function eventRoutes({ events, now, metrics }: EventRouteDeps) {
  return createRouter().openapi(postEvents, async (c) => {
    const received = now();
    const normalised = parseEventsBody(c.req.valid("json")).map((input) => normaliseEvent(input, received));
    const results = await events.append(normalised);
    normalised.forEach((e, i) => results[i] === "stored" && metrics.eventAccepted(e.type));
    return c.json(
      {
        accepted: normalised.map((e) => e.uuid),
        duplicates: normalised.filter((_, i) => results[i] === "duplicate").map((e) => e.uuid),
      },
      202,
    );
  });
}
