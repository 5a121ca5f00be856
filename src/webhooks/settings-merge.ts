import type { AuthSettings, TlsSettings, WebhookSettings } from "./model.ts";
import { AUTH_DEFAULTS, TLS_DEFAULTS } from "../db/webhook-choices.ts";
import type { WebhookInput, WebhookPatch } from "./settings-schema.ts";

/** With no authentication no password is kept: a secret nobody uses is only a liability. */
function withAuth(settings: Omit<WebhookSettings, "auth">, auth: AuthSettings): WebhookSettings {
  return { ...settings, auth: auth.type === "none" ? { ...auth, password: "" } : auth };
}

/** Where a password is sent: the webhook's own URL for basic, the auth URL for a token. */
export function passwordDestination(settings: Pick<WebhookSettings, "url"> & { auth: Pick<AuthSettings, "type" | "url"> }): string {
  const url = settings.auth.type === "token" ? settings.auth.url : settings.url;
  try {
    return new URL(url).origin;
  } catch {
    return url; // a host from a placeholder: the template itself must stay the same
  }
}

/**
 * The password a change keeps when it sends none: the stored one, but only while it goes
 * to the same place. Clients never get it back, so they cannot send it again; and a
 * write-only secret must not be had by pointing its URL elsewhere.
 */
function keptPassword(stored: WebhookSettings | undefined, changed: Omit<WebhookSettings, "auth"> & { auth: AuthSettings }): string {
  if (!stored) return "";
  return passwordDestination(stored) === passwordDestination(changed) ? stored.auth.password : "";
}

/**
 * TLS as a change leaves it: a client key it does not send is the stored one (it is never
 * returned, so it cannot be sent again) while a client certificate is set; none without one.
 * Unlike a password, a client key is never sent anywhere, so a new URL does not drop it.
 */
function tlsFrom(base: TlsSettings, change: Partial<TlsSettings> | undefined, stored: TlsSettings | undefined): TlsSettings {
  const tls = { ...base, ...definedOnly(change ?? {}) };
  // a key sent without a certificate stays, for the checks to refuse
  return { ...tls, client_key: change?.client_key ?? (tls.client_cert === "" ? "" : (stored?.client_key ?? "")) };
}

/** The settings a POST or PUT describes; a PUT that leaves out the password keeps the stored one (see keptPassword). */
export function settingsFromInput(input: WebhookInput, stored?: WebhookSettings): WebhookSettings {
  const { auth, tls, ...rest } = input;
  const withTls = { ...rest, tls: tlsFrom(TLS_DEFAULTS, tls, stored?.tls) };
  const merged = { ...withTls, auth: { ...AUTH_DEFAULTS, ...definedOnly(auth) } };
  return withAuth(withTls, { ...merged.auth, password: auth.password ?? keptPassword(stored, merged) });
}

/** The stored settings with a PATCH applied; `auth` and `tls` merge field by field. */
export function settingsFromPatch(stored: WebhookSettings, patch: WebhookPatch): WebhookSettings {
  const { auth, tls, ...rest } = patch;
  const { auth: storedAuth, ...storedRest } = stored;
  const merged = { ...storedRest, ...definedOnly(rest), tls: tlsFrom(stored.tls, tls, stored.tls), auth: { ...storedAuth, ...definedOnly(auth ?? {}) } };
  return withAuth(merged, { ...merged.auth, password: auth?.password ?? keptPassword(stored, merged) });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
