import type { RenderedRequest } from "../delivery/render.ts";
import { z } from "@hono/zod-openapi";
import type { Webhook } from "../webhooks/model.ts";
import { WebhookSettingsSchema } from "../webhooks/settings-schema.ts";

/**
 * Authentication as the API shows it. Responses are built from the settings' one schema,
 * but as open objects (requests are strict): a field added later must not break a client.
 */
export const AuthSettingsSchema = z
  .object(WebhookSettingsSchema.shape.auth.shape)
  .omit({ password: true })
  .extend({ password_set: z.boolean().openapi({ description: "Whether a password is stored; it is never returned" }) })
  .openapi("AuthSettings");

/** A webhook as the API shows it: its settings, the password replaced by whether one is set, and what the service keeps of it. */
export const WebhookSchema = z.object({
  id: z.number().int(),
  ...WebhookSettingsSchema.shape,
  disabled_reason: z.string().nullable().openapi({ description: "Why the service switched the webhook off" }),
  signing_enabled: z.boolean(),
  auth: AuthSettingsSchema,
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Webhook");

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
  // the API's description of the renderer's own type: the compiler holds the two together
  .openapi("RenderedRequest") satisfies z.ZodType<RenderedRequest>;
