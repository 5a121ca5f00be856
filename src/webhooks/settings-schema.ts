import { z } from "zod";
import { storedText } from "../db/stored-text.ts";
import { eventPatternProblem } from "../events/catalogue.ts";
import { AUTH_DEFAULTS, AUTH_METHODS, AUTH_MIME_TYPES, AUTH_TYPES, HTTP_METHODS, MIME_TYPES, ORDERINGS, WEBHOOK_DEFAULTS } from "../db/webhook-choices.ts";
import { parseHeaderLines } from "./header-lines.ts";

const MAX_TEMPLATE = 64 * 1024;

const text = storedText;

/** One of `values`, refused with a message that lists them ("must be none, basic or token"). */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, `must be ${values.slice(0, -1).join(", ")} or ${values.at(-1)}`);
}

const headerLines = text(8000).superRefine((value, ctx) => {
  for (const problem of parseHeaderLines(value).problems) ctx.addIssue({ code: "custom", message: problem });
});

const eventPattern = z.string().superRefine((pattern, ctx) => {
  const problem = eventPatternProblem(pattern);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const AuthSettingsSchema = z.strictObject({
  type: oneOf(AUTH_TYPES),
  url: text(2000).trim(),
  method: oneOf(AUTH_METHODS),
  headers: headerLines,
  body: text(MAX_TEMPLATE),
  body_mime_type: oneOf(AUTH_MIME_TYPES),
  username: text(200),
  password: text(500).describe("Write-only: responses carry password_set instead"),
  token_refresh_interval: z
    .number("must be a number of minutes")
    .int("must be a whole number of minutes")
    .min(1, "must be at least 1 minute")
    .max(525_600, "must be at most 525600 minutes (one year)"),
  token_field: text(200).trim(),
});

/**
 * A webhook's settings: the one definition of their shape and field rules. The API's
 * input schemas below, its response schema (api/webhooks.schemas.ts) and the stored
 * model's types (model.ts) are derived from it. The rules that span fields (templates
 * against the mime type, auth per type) are in src/delivery/settings-checks.ts, run after a PATCH or
 * a kept password is merged in.
 */
export const WebhookSettingsSchema = z.strictObject({
  name: text(200).trim().min(1, "must not be empty"),
  url: text(2000).trim().min(1, "must not be empty"),
  method: oneOf(HTTP_METHODS),
  events: z
    .array(eventPattern, "must be a list of event types")
    .min(1, "select at least one event")
    .max(100, "must hold at most 100 entries"),
  headers: headerLines,
  body: text(MAX_TEMPLATE),
  body_mime_type: oneOf(MIME_TYPES),
  log_body_and_headers: z.boolean("must be true or false"),
  enabled: z.boolean("must be true or false"),
  ordering: oneOf(ORDERINGS).describe(
    "ticket: a ticket's deliveries are sent in the order the events were received, each once the one before it has finished; none: as they come",
  ),
  auth: AuthSettingsSchema,
});

/** Authentication as a client sends it: any subset, the rest from the defaults (POST, PUT) or the stored webhook (PATCH). */
export const AuthInputSchema = AuthSettingsSchema.partial().meta({ id: "AuthSettingsInput" });

const fields = WebhookSettingsSchema.shape;

/** A webhook as a client sends it (POST, PUT): what it leaves out is the default. */
export const WebhookInputSchema = WebhookSettingsSchema.extend({
  method: fields.method.default(WEBHOOK_DEFAULTS.method),
  headers: fields.headers.default(WEBHOOK_DEFAULTS.headers),
  body: fields.body.default(WEBHOOK_DEFAULTS.body),
  body_mime_type: fields.body_mime_type.default(WEBHOOK_DEFAULTS.body_mime_type),
  log_body_and_headers: fields.log_body_and_headers.default(WEBHOOK_DEFAULTS.log_body_and_headers),
  enabled: fields.enabled.default(WEBHOOK_DEFAULTS.enabled),
  ordering: fields.ordering.default(WEBHOOK_DEFAULTS.ordering),
  auth: AuthInputSchema.default({ type: AUTH_DEFAULTS.type }),
}).meta({ id: "WebhookInput" });

/** PATCH: any subset of the fields; `auth` is merged field by field. */
export const WebhookPatchSchema = WebhookSettingsSchema.extend({ auth: AuthInputSchema })
  .partial()
  .meta({ id: "WebhookPatch" });

export type WebhookInput = z.infer<typeof WebhookInputSchema>;
export type WebhookPatch = z.infer<typeof WebhookPatchSchema>;
export type AuthInput = z.infer<typeof AuthInputSchema>;
