import { z } from "@hono/zod-openapi";
import type { Webhook } from "../webhooks/model.ts";
import { AUTH_METHODS, AUTH_TYPES, HTTP_METHODS, MIME_TYPES } from "../webhooks/model.ts";

export const AuthSettingsSchema = z
  .object({
    type: z.enum(AUTH_TYPES),
    url: z.string(),
    method: z.enum(AUTH_METHODS),
    headers: z.string(),
    body: z.string(),
    body_mime_type: z.enum(MIME_TYPES),
    username: z.string(),
    password_set: z.boolean().openapi({ description: "Whether a password is stored; it is never returned" }),
    token_refresh_interval: z.number().int(),
    token_field: z.string(),
  })
  .openapi("AuthSettings");

export const WebhookSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    url: z.string(),
    method: z.enum(HTTP_METHODS),
    events: z.array(z.string()),
    headers: z.string(),
    body: z.string(),
    body_mime_type: z.enum(MIME_TYPES),
    log_body_and_headers: z.boolean(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().openapi({ description: "Why the service switched the webhook off" }),
    signing_enabled: z.boolean(),
    auth: AuthSettingsSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Webhook");

export type ApiWebhook = z.infer<typeof WebhookSchema>;

/** A webhook as the API shows it: no secret, the password replaced by whether one is set. */
export function toApiWebhook(webhook: Webhook): ApiWebhook {
  const { signing: _secrets, unreadable_secrets: _unreadable, auth: { password, ...auth }, ...rest } = webhook;
  return { ...rest, auth: { ...auth, password_set: password !== "" } };
}

export const RenderedRequestSchema = z
  .object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  })
  .openapi("RenderedRequest");
