/** The settings of a webhook, as the API and the dispatcher use them (snake_case, as in the API). */
export const HTTP_METHODS = ["POST", "GET", "PUT", "DELETE"] as const;
export const AUTH_METHODS = ["POST", "GET"] as const;
export const AUTH_TYPES = ["none", "basic", "token"] as const;
export const MIME_TYPES = ["application/json", "application/xml"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];
export type MimeType = (typeof MIME_TYPES)[number];

export interface AuthSettings {
  type: (typeof AUTH_TYPES)[number];
  url: string;
  method: (typeof AUTH_METHODS)[number];
  headers: string;
  body: string;
  body_mime_type: MimeType;
  username: string;
  /** Only inside the service; the API answers `password_set` instead. */
  password: string;
  /** Minutes after which a new token is requested. */
  token_refresh_interval: number;
  /** Dot path of the token in the auth response, e.g. `auth.token`. */
  token_field: string;
}

export interface WebhookSettings {
  name: string;
  url: string;
  method: HttpMethod;
  events: string[];
  headers: string;
  body: string;
  body_mime_type: MimeType;
  log_body_and_headers: boolean;
  enabled: boolean;
  auth: AuthSettings;
}

/** Signing secrets, inside the service only. After a rotation the previous one stays valid for a while. */
export interface SigningSecrets {
  current: string | null;
  previous: string | null;
  previous_expires_at: number | null;
}

/** A stored secret the key in `secret.key` does not open (see unreadable-secrets.ts). */
export type UnreadableSecret = "password" | "signing_secret";

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
