import type { z } from "zod";
import type { WebhookSettingsSchema } from "./settings-schema.ts";

/** The settings of a webhook, as the API and the dispatcher use them (snake_case, as in the API). */
export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>;

/** `password` only inside the service; the API answers `password_set` instead. */
export type AuthSettings = WebhookSettings["auth"];

/** `client_key` only inside the service; the API answers `client_key_set` instead. */
export type TlsSettings = WebhookSettings["tls"];

export type MimeType = WebhookSettings["body_mime_type"];

/** A webhook's body is JSON or XML; the token request's may also be a form. */
export type AuthMimeType = AuthSettings["body_mime_type"];

/** Signing secrets, inside the service only. After a rotation the previous one stays valid for a while. */
export interface SigningSecrets {
  current: string | null;
  previous: string | null;
  previous_expires_at: number | null;
}

/** A stored secret the key in `secret.key` does not open (see unreadable-secrets.ts). */
export type UnreadableSecret = "password" | "signing_secret" | "client_key";

export interface Webhook extends WebhookSettings {
  id: number;
  disabled_reason: string | null;
  signing_enabled: boolean;
  signing: SigningSecrets;
  /** Read as absent (`password` ""), yet nothing is sent without them. */
  unreadable_secrets: UnreadableSecret[];
  created_at: string;
  updated_at: string;
}
