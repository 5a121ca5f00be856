/**
 * The API's shapes, as the page reads them: types only, taken from the service's own
 * definitions (erased when the page is bundled, so no server code comes along).
 */
export type { ApiWebhook as Webhook } from "../../src/api/webhooks.schemas.ts";
export type { LogEntry, LogItem, LogWebhookChoice } from "../../src/api/log.routes.ts";
export type { EventDetail } from "../../src/api/event-lookup.routes.ts";
export type { EventStatus } from "../../src/log/event-queries.ts";
export type { TestDeliveryResult } from "../../src/api/webhook-test.routes.ts";
export type { WebhookStats } from "../../src/api/stats.routes.ts";
export type { RenderedRequest } from "../../src/delivery/render.ts";
export type { EventTypeInfo as EventType } from "../../src/events/catalogue.ts";
export type { Placeholder } from "../../src/events/placeholders.ts";
export type { Settings } from "../../src/settings/settings.ts";
export type { DraftPreview } from "../../src/api/preview.routes.ts";
export type { ApiTokenInfo as ApiToken } from "../../src/security/api-tokens.ts";
export type { ImportSummary } from "../../src/api/config.routes.ts";
export type { ApiRecovery as Recovery } from "../../src/api/recover.routes.ts";
