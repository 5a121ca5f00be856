import { createRoute, z } from "@hono/zod-openapi";
import { previewDraft, previewRequest } from "../delivery/preview.ts";
import type { RenderedRequest } from "../delivery/render.ts";
import { ApiError, issuesFromZod } from "./errors.ts";
import type { WebhookEvent } from "../events/event.ts";
import { applyFilter } from "../events/event-filter.ts";
import { sampleEvent, sampleTypeFor } from "../events/sample-event.ts";
import { EventInputSchema, normaliseEvent, type EventInput } from "../events/schema.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import { settingsFromInput } from "../webhooks/settings-merge.ts";
import { WebhookDraftSchema, WebhookInputSchema } from "../webhooks/settings-schema.ts";
import { errorResponses, IssueSchema, jsonBody, jsonContent, WebhookIdParamsSchema } from "./openapi-common.ts";
import { eventExample, webhookExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";
import { assertValidSettings, changeProblems, loadWebhook, type WebhookRouteDeps } from "./webhook-route-helpers.ts";
import { RenderedRequestSchema } from "./webhooks.schemas.ts";

const tags = ["webhooks"];
const rendered = jsonContent(RenderedRequestSchema, "The request that would be sent, credentials redacted");
const eventField = EventInputSchema.optional().describe("The event to render; a realistic sample when left out");
const webhookIdField = z
  .number("must be a webhook id")
  .int("must be a webhook id")
  .positive("must be a webhook id")
  .optional()
  .describe("The stored webhook being edited: a password left out is its password, as PUT keeps it");

const previewUnsaved = createRoute({
  method: "post", path: "/webhooks/preview", operationId: "previewNewWebhook", tags, summary: "Render the request an unsaved webhook would send",
  request: jsonBody(z.strictObject({ webhook: WebhookInputSchema, event: eventField, webhook_id: webhookIdField }), { webhook: webhookExample, event: eventExample }),
  responses: { 200: rendered, ...errorResponses(400, 404, 413, 415, 422) },
});

const DraftPreviewSchema = z
  .object({
    request: RenderedRequestSchema.describe(
      "As far as it renders: a URL, header lines or body that cannot be rendered are as typed; incomplete authentication is said in place of the Authorization header",
    ),
    problems: z.array(IssueSchema).describe("Every problem of the settings (and of rendering them for this event), each naming its field as a 422 would; empty when they would save"),
    filter: z
      .discriminatedUnion("passes", [
        z.object({ passes: z.literal(true) }),
        z.object({ passes: z.literal(false), reason: z.string().openapi({ example: "ticket_type is parent" }) }),
      ])
      .describe("Whether this event passes the webhook's filter (its valid conditions; always when it has none): an event that does not is not sent"),
  })
  .openapi("DraftPreview");

export type DraftPreview = z.infer<typeof DraftPreviewSchema>;

const previewDraftRoute = createRoute({
  method: "post", path: "/webhooks/preview/draft", operationId: "previewWebhookDraft", tags,
  summary: "Render what a webhook being typed would send, and list its problems",
  description:
    "For a form being filled in: answers 200 with what renders and every problem found, where /webhooks/preview answers 422 at the first invalid field. " +
    "Only a request that is not an object of this shape, or an invalid event, is a 422.",
  request: jsonBody(
    z.strictObject({
      webhook: z.looseObject({}).describe("A webhook as POST /api/webhooks takes it (WebhookInput), in any state: each field is checked, none refused"),
      event: eventField,
      webhook_id: webhookIdField,
    }),
    { webhook: { name: "", url: "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}", events: ["ticket.logged_in"], auth: { type: "token", url: "" } } },
  ),
  responses: { 200: jsonContent(DraftPreviewSchema, "The request as far as it renders, and the problems found"), ...errorResponses(400, 404, 413, 415, 422) },
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
    .openapi(previewDraftRoute, async (c) => {
      const { webhook, event, webhook_id } = c.req.valid("json");
      const stored = webhook_id === undefined ? undefined : await loadWebhook(webhooks, webhook_id);
      const checked = WebhookInputSchema.safeParse(webhook);
      const fieldIssues = checked.success ? [] : issuesFromZod(checked.error);
      const settings = settingsFromInput(checked.success ? checked.data : WebhookDraftSchema.parse(webhook), stored);
      // a field its own rule refused is said once: the rules spanning fields saw its default
      const refused = new Set(fieldIssues.map((i) => i.path));
      const problems = [...fieldIssues, ...changeProblems(settings, now(), stored).filter((p) => !refused.has(p.path))];
      const sample = eventFor(settings, event);
      const preview = previewDraft(settings, sample, problems, { signed: stored?.signing_enabled ?? false, now: now() });
      return c.json({ ...preview, filter: applyFilter(settings.filter, sample) }, 200);
    })
    .openapi(previewStored, async (c) => {
      const stored = await loadWebhook(webhooks, c.req.valid("param").id);
      const { event } = c.req.valid("json") ?? {};
      return c.json(renderedPreview(stored, eventFor(stored, event), { signed: stored.signing_enabled, now: now() }), 200);
    });
}
