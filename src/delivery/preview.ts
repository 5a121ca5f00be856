import type { WebhookEvent } from "../events/event.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import { parseHeaderLines } from "../webhooks/header-lines.ts";
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

/** A setting that breaks a rule, `path` in dot notation as the API reports it. */
interface Problem {
  path: string;
  message: string;
}

/** The parts of a request a problem can keep from rendering. */
const RENDERED_PARTS = ["url", "headers", "body"] as const;

/** Authentication settings by the words the preview uses for them. */
const AUTH_PART_NAMES: Record<string, string> = {
  url: "URL", method: "method", headers: "headers", body: "body", body_mime_type: "body mime type",
  username: "username", password: "password", token_refresh_interval: "refresh interval", token_field: "token field",
};

/** In place of the Authorization header, what the authentication still lacks ("(token request incomplete: URL missing)"), or null. */
function incompleteAuthorization(settings: WebhookSettings, problems: Problem[]): string | null {
  const auth = settings.auth as Record<string, unknown> & WebhookSettings["auth"];
  if (auth.type === "none") return null;
  const fields = [...new Set(problems.filter((p) => p.path.startsWith("auth.")).map((p) => p.path.slice("auth.".length)))];
  if (fields.length === 0) return null;
  const said = fields.map((f) => `${AUTH_PART_NAMES[f] ?? f} ${auth[f] === "" ? "missing" : "invalid"}`).join(", ");
  return auth.type === "token" ? `(token request incomplete: ${said})` : `(basic credentials incomplete: ${said})`;
}

/**
 * The request a webhook being edited would send, rendered as far as it goes: a URL, header
 * lines or body that cannot be rendered (they have `problems`) are shown as typed, and
 * authentication that lacks something says what in place of its header. A part that fails
 * on this event's own data is shown as typed too, with a problem at `event`.
 */
export function previewDraft(settings: WebhookSettings, event: WebhookEvent, problems: Problem[], options: { signed: boolean; now: Date }) {
  const asTyped = (parts: readonly string[]) => ({
    ...settings,
    ...Object.fromEntries(parts.map((part) => [part, ""])),
  });
  let broken: readonly string[] = RENDERED_PARTS.filter((part) => problems.some((p) => p.path === part));
  let result = previewRequest(asTyped(broken), event, options);
  const found = [...problems];
  if (!result.ok) {
    found.push({ path: "event", message: `the request cannot be rendered for this event: ${result.problem}` });
    broken = RENDERED_PARTS;
    result = previewRequest(asTyped(broken), event, options);
  }
  // with nothing templated left, an empty URL and the event as the body always render
  if (!result.ok) throw new Error(`an empty request did not render: ${result.problem}`);
  const { request } = result;
  if (broken.includes("url")) request.url = settings.url;
  if (broken.includes("headers")) for (const { name, value } of parseHeaderLines(settings.headers).headers) request.headers[name.toLowerCase()] = value;
  if (broken.includes("body") && request.body !== null) request.body = settings.body;
  const authorization = incompleteAuthorization(settings, found);
  if (authorization) request.headers.authorization = authorization;
  return { request, problems: found };
}
