import { createRoute, z } from "@hono/zod-openapi";
import { MAX_LOGGED_BODY } from "../delivery/attempt-log.ts";
import type { DeliverySender } from "../delivery/delivery-exchange.ts";
import type { TestSendLog } from "../delivery/test-send-log.ts";
import { sampleEvent, sampleTypeFor } from "../events/sample-event.ts";
import { EventInputSchema, normaliseEvent } from "../events/schema.ts";
import { uuidV7 } from "../events/uuid-v7.ts";
import type { SettingsRepository } from "../settings/repository.ts";
import type { WebhookRepository } from "../webhooks/repository.ts";
import { ApiError } from "./errors.ts";
import { errorResponses, jsonBody, jsonContent, WebhookIdParamsSchema } from "./openapi-common.ts";
import { eventExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";
import { loadWebhook } from "./webhook-route-helpers.ts";

/** Enough of the answer for an admin to read; the log keeps up to 64 KiB. */
const MAX_SHOWN_BODY = 16 * 1024;

const TestResultSchema = z
  .object({
    ok: z.boolean(),
    event_uuid: z.string(),
    method: z.string(),
    url: z.string(),
    response_status: z.number().int().nullable(),
    duration_ms: z.number().int(),
    response_body: z.string().nullable(),
    error: z.string().nullable(),
    log_id: z.number().int().openapi({ description: "Its entry in the event log (GET /api/log/{id}), marked as a test" }),
  })
  .openapi("TestDeliveryResult");

export type TestDeliveryResult = z.infer<typeof TestResultSchema>;

const sendTest = createRoute({
  method: "post", path: "/webhooks/{id}/test", operationId: "sendTestEvent", tags: ["webhooks"],
  summary: "Send a test event to this webhook now (a sample, or the event given), bypassing the queue; recorded in the log as a test",
  request: {
    params: WebhookIdParamsSchema,
    ...jsonBody(z.strictObject({ event: EventInputSchema.optional() }), { event: eventExample }, false),
  },
  responses: { 200: jsonContent(TestResultSchema, "What the endpoint answered"), ...errorResponses(404, 409, 422) },
});

export interface WebhookTestDeps {
  webhooks: WebhookRepository;
  settings: SettingsRepository;
  sender: DeliverySender;
  testSends: TestSendLog;
  now: () => Date;
}

export function webhookTestRoutes({ webhooks, settings, sender, testSends, now }: WebhookTestDeps) {
  return createRouter().openapi(sendTest, async (c) => {
    const webhook = await loadWebhook(webhooks, c.req.valid("param").id);
    const input = (c.req.valid("json") ?? {}).event;
    const event = input
      ? normaliseEvent(input, now())
      : { ...sampleEvent(sampleTypeFor(webhook.events), now()), uuid: uuidV7(now().getTime()) };
    if (await testSends.isStored(event.uuid)) {
      throw new ApiError("conflict", `An event with uuid ${event.uuid} is already in the log: a test event needs a uuid of its own (leave uuid out for a new one)`);
    }
    const startedAt = now().getTime();
    const exchange = await sender.send(webhook, event, {
      timeoutMs: (await settings.get()).request_timeout_seconds * 1000,
      maxBodyBytes: webhook.log_body_and_headers ? MAX_LOGGED_BODY : MAX_SHOWN_BODY,
    });
    if (exchange.kind === "not_sent") throw new ApiError("conflict", `The test event was not sent: ${exchange.why}`);
    const logId = await testSends.record(webhook, event, startedAt, exchange);
    const { request, result } = exchange;
    const response = result.kind === "response" ? result : null;
    return c.json(
      {
        ok: response !== null && response.status >= 200 && response.status < 300,
        event_uuid: event.uuid,
        method: request.method,
        url: request.url,
        response_status: response?.status ?? null,
        duration_ms: result.durationMs,
        response_body: response?.body?.slice(0, MAX_SHOWN_BODY) ?? null,
        error: result.kind === "error" ? result.error : null,
        log_id: logId,
      },
      200,
    );
  });
}
