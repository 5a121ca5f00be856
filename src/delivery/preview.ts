import type { WebhookEvent } from "../events/event.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import { renderRequest, type RenderedRequest } from "./render.ts";

export const REDACTED = "[redacted]";

/**
 * The request a webhook would send for an event, as an admin may see it: the
 * Authorization header it will carry is shown, its credentials are not.
 */
export function previewRequest(settings: WebhookSettings, event: WebhookEvent): RenderedRequest {
  const request = renderRequest(settings, event);
  if (settings.auth.type === "basic") request.headers.authorization = `Basic ${REDACTED}`;
  if (settings.auth.type === "token") request.headers.authorization = `Bearer ${REDACTED}`;
  return request;
}
