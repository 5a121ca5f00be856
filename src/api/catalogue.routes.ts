import { createRoute, z } from "@hono/zod-openapi";
import { EVENT_GROUPS, EVENT_TYPES } from "../events/catalogue.ts";
import { PLACEHOLDER_TYPES, PLACEHOLDERS } from "../events/placeholders.ts";
import { errorResponses, jsonContent } from "./openapi-common.ts";
import { createRouter } from "./router.ts";

const EventTypeSchema = z
  .object({ type: z.string(), group: z.enum(EVENT_GROUPS), description: z.string() })
  .openapi("EventType");
const PlaceholderSchema = z
  .object({ name: z.string(), type: z.enum(PLACEHOLDER_TYPES), description: z.string() })
  .openapi("Placeholder");

const eventTypes = createRoute({
  method: "get", path: "/event-types", operationId: "listEventTypes", tags: ["catalogue"],
  summary: "The event types a webhook can subscribe to (wildcards: 'ticket.*', 'system.backup.*', '*'; custom types: 'custom.<name>')",
  responses: { 200: jsonContent(z.object({ items: z.array(EventTypeSchema) }), "Event types"), ...errorResponses() },
});

const placeholders = createRoute({
  method: "get", path: "/placeholders", operationId: "listPlaceholders", tags: ["catalogue"],
  summary: "Every placeholder a template may use as {{name}}",
  responses: { 200: jsonContent(z.object({ items: z.array(PlaceholderSchema) }), "Placeholders"), ...errorResponses() },
});

export function catalogueRoutes() {
  return createRouter()
    .openapi(eventTypes, (c) => c.json({ items: [...EVENT_TYPES] }, 200))
    .openapi(placeholders, (c) => c.json({ items: [...PLACEHOLDERS] }, 200));
}
