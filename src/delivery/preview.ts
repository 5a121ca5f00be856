import type { WebhookEvent } from "../events/event.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import { REDACTED } from "./redact-headers.ts";
import { renderRequest, type RenderResult } from "./render.ts";

/**
 * The request a webhook would send for an event, as an admin may see it: the
 * Authorization and signature headers it will carry are shown, their secrets are not.
 */
export function previewRequest(settings: WebhookSettings, event: WebhookEvent, options: { signed: boolean; now: Date }): RenderResult {
  const result = renderRequest(settings, event);
  if (!result.ok) return result;
  const { request } = result;
  if (settings.auth.type === "basic") request.headers.authorization = `Basic ${REDACTED}`;
  if (settings.auth.type === "token") request.headers.authorization = `Bearer ${REDACTED}`;
  if (options.signed) {
    request.headers["webhook-timestamp"] = String(Math.floor(options.now.getTime() / 1000));
    request.headers["webhook-signature"] = `v1,${REDACTED}`;
  }
  return result;
}
