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

/** TLS as the API shows it: the client key replaced by whether one is stored. */
export const TlsSettingsSchema = z
  .object(WebhookSettingsSchema.shape.tls.shape)
  .omit({ client_key: true })
  .extend({ client_key_set: z.boolean().openapi({ description: "Whether a TLS client key is stored; it is never returned" }) })
  .openapi("TlsSettings");

/** A webhook as the API shows it: its settings, the password replaced by whether one is set, and what the service keeps of it. */
export const WebhookSchema = z.object({
  id: z.number().int(),
  ...WebhookSettingsSchema.shape,
  disabled_reason: z.string().nullable().openapi({ description: "Why the service switched the webhook off" }),
  signing_enabled: z.boolean(),
  auth: AuthSettingsSchema,
  tls: TlsSettingsSchema,
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Webhook");

export type ApiWebhook = z.infer<typeof WebhookSchema>;

/** A webhook as the API shows it: no secret, the password and client key replaced by whether one is set. */
export function toApiWebhook(webhook: Webhook): ApiWebhook {
  const { signing: _secrets, unreadable_secrets: _unreadable, auth: { password, ...auth }, tls: { client_key, ...tls }, ...rest } = webhook;
  return { ...rest, auth: { ...auth, password_set: password !== "" }, tls: { ...tls, client_key_set: client_key !== "" } };
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
