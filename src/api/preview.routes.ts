import { createRoute, z } from "@hono/zod-openapi";
import { previewRequest } from "../delivery/preview.ts";
import type { RenderedRequest } from "../delivery/render.ts";
import { ApiError } from "./errors.ts";
import type { WebhookEvent } from "../events/event.ts";
import { sampleEvent, sampleTypeFor } from "../events/sample-event.ts";
import { EventInputSchema, normaliseEvent, type EventInput } from "../events/schema.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import { settingsFromInput } from "../webhooks/settings-merge.ts";
import { WebhookInputSchema } from "../webhooks/settings-schema.ts";
import { errorResponses, jsonBody, jsonContent, WebhookIdParamsSchema } from "./openapi-common.ts";
import { eventExample, webhookExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";
import { assertValidSettings, loadWebhook, type WebhookRouteDeps } from "./webhook-route-helpers.ts";
import { RenderedRequestSchema } from "./webhooks.schemas.ts";

const tags = ["webhooks"];
const rendered = jsonContent(RenderedRequestSchema, "The request that would be sent, credentials redacted");
const eventField = EventInputSchema.optional().describe("The event to render; a realistic sample when left out");

const previewUnsaved = createRoute({
  method: "post", path: "/webhooks/preview", operationId: "previewNewWebhook", tags, summary: "Render the request an unsaved webhook would send",
  request: jsonBody(
    z.strictObject({
      webhook: WebhookInputSchema,
      event: eventField,
      webhook_id: z
        .number("must be a webhook id")
        .int("must be a webhook id")
        .positive("must be a webhook id")
        .optional()
        .describe("The stored webhook being edited: a password left out is its password, as PUT keeps it"),
    }),
    { webhook: webhookExample, event: eventExample },
  ),
  responses: { 200: rendered, ...errorResponses(400, 404, 413, 415, 422) },
});

const previewStored = createRoute({
  method: "post", path: "/webhooks/{id}/preview", operationId: "previewWebhook", tags, summary: "Render the request a webhook would send",
  request: {
    params: WebhookIdParamsSchema,
    ...jsonBody(z.strictObject({ event: eventField }), { event: eventExample }, false),
  },
  responses: { 200: rendered, ...errorResponses(400, 404, 413, 415, 422) },
});

/**
 * A template that parses may still fail on an event's data (a name reaching into an
 * array's methods, a body past its limit or no valid document): a 422, as a delivery logs it.
 */
function renderedPreview(...args: Parameters<typeof previewRequest>): RenderedRequest {
  const result = previewRequest(...args);
  if (result.ok) return result.request;
  const message = `the request cannot be rendered for this event: ${result.problem}`;
  throw new ApiError("validation_failed", message, [{ path: "event", message }]);
}

export function previewRoutes({ webhooks, now }: WebhookRouteDeps) {
  function eventFor(settings: WebhookSettings, input: EventInput | undefined): WebhookEvent {
    if (input) return normaliseEvent(input, now());
    return sampleEvent(sampleTypeFor(settings.events), now());
  }

  return createRouter()
    .openapi(previewUnsaved, async (c) => {
      const { webhook, event, webhook_id } = c.req.valid("json");
      const stored = webhook_id === undefined ? undefined : await loadWebhook(webhooks, webhook_id);
      const settings = assertValidSettings(settingsFromInput(webhook, stored), now(), stored);
      // the webhook being edited signs as it is stored: its preview shows the signature headers
      return c.json(renderedPreview(settings, eventFor(settings, event), { signed: stored?.signing_enabled ?? false, now: now() }), 200);
    })
    .openapi(previewStored, async (c) => {
      const stored = await loadWebhook(webhooks, c.req.valid("param").id);
      const { event } = c.req.valid("json") ?? {};
      return c.json(renderedPreview(stored, eventFor(stored, event), { signed: stored.signing_enabled, now: now() }), 200);
    });
}
