import type { AuthSettings, WebhookSettings } from "./model.ts";
import type { WebhookInput, WebhookPatch } from "./settings-schema.ts";

export const DEFAULT_AUTH: AuthSettings = {
  type: "none",
  url: "",
  method: "POST",
  headers: "",
  body: "",
  body_mime_type: "application/json",
  username: "",
  password: "",
  token_refresh_interval: 60,
  token_field: "",
};

/** With no authentication no password is kept: a secret nobody uses is only a liability. */
function withAuth(settings: Omit<WebhookSettings, "auth">, auth: AuthSettings): WebhookSettings {
  return { ...settings, auth: auth.type === "none" ? { ...auth, password: "" } : auth };
}

/**
 * The settings a POST or PUT describes. A PUT that leaves out the password keeps the
 * stored one: clients never get it back, so they cannot send it again.
 */
export function settingsFromInput(input: WebhookInput, stored?: WebhookSettings): WebhookSettings {
  const { auth, ...rest } = input;
  const password = auth.password ?? stored?.auth.password ?? "";
  return withAuth(rest, { ...DEFAULT_AUTH, ...definedOnly(auth), password });
}

/** The stored settings with a PATCH applied; `auth` merges field by field. */
export function settingsFromPatch(stored: WebhookSettings, patch: WebhookPatch): WebhookSettings {
  const { auth, ...rest } = patch;
  const { auth: storedAuth, ...storedRest } = stored;
  return withAuth({ ...storedRest, ...definedOnly(rest) }, { ...storedAuth, ...definedOnly(auth ?? {}) });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
