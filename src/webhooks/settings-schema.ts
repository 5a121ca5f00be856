import { z } from "zod";
import { storedText } from "../db/stored-text.ts";
import { eventPatternProblem } from "../events/catalogue.ts";
import { AUTH_DEFAULTS, AUTH_METHODS, AUTH_MIME_TYPES, AUTH_TYPES, FILTER_OPS, HTTP_METHODS, MIME_TYPES, ORDERINGS, TLS_DEFAULTS, WEBHOOK_DEFAULTS } from "../db/webhook-choices.ts";
import { parseCertificates, privateKeyProblem } from "../security/pem.ts";
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

/** A CA bundle or a certificate chain is some KiB; a key less. */
const MAX_PEM = 64 * 1024;

const certificates = text(MAX_PEM).superRefine((value, ctx) => {
  if (value.trim() === "") return;
  const parsed = parseCertificates(value);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
});

const TlsSettingsSchema = z.strictObject({
  ca: certificates.describe(
    "PEM certificates trusted for this webhook's requests and its token request, in addition to the system's: a PMS's own CA or self-signed certificate",
  ),
  client_cert: certificates.describe("PEM client certificate (chain) sent for mutual TLS, with client_key"),
  client_key: text(MAX_PEM)
    .superRefine((value, ctx) => {
      const problem = value.trim() === "" ? null : privateKeyProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .describe("Write-only: the PEM private key of client_cert, stored encrypted; responses carry client_key_set"),
});

/** Ops that compare with no value, with a list, and in order (numbers or times). */
const NO_VALUE = new Set(["exists", "not_exists"]);
const LIST = new Set(["in", "not_in"]);
const ORDER = new Set(["gt", "gte", "lt", "lte"]);

const FilterConditionSchema = z
  .strictObject({
    field: text(200).trim().min(1, "must name a field, e.g. ticket_type or backend_data.pms.room"),
    op: oneOf(FILTER_OPS),
    value: z
      .union([text(1000), z.number("must be a number"), z.array(text(1000), "must be a list of strings").max(100, "must hold at most 100 values")], "must be a string, a number or a list of strings")
      .optional(),
  })
  .superRefine((c, ctx) => {
    const problem = NO_VALUE.has(c.op)
      ? c.value === undefined ? null : `takes no value with ${c.op}`
      : c.value === undefined ? `is needed with ${c.op}`
      : LIST.has(c.op) ? Array.isArray(c.value) ? null : `must be a list with ${c.op}, e.g. ["single", "child"]`
      : Array.isArray(c.value) ? `must be one value with ${c.op}; a list goes with in or not_in`
      : ORDER.has(c.op) && typeof c.value === "string" && Number.isNaN(Date.parse(c.value)) ? `must be a number or an ISO 8601 time with ${c.op}`
      : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["value"], message: problem });
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
  tls: TlsSettingsSchema,
  rate_limit_per_minute: z
    .number("must be a number of requests a minute, or null for none")
    .int("must be a whole number")
    .min(1, "must be at least 1 a minute")
    .max(60_000, "must be at most 60000 a minute")
    .nullable()
    .describe("At most this many requests a minute to the endpoint, spread evenly; the rest wait their turn. Null: no limit"),
  filter: z
    .array(FilterConditionSchema, "must be a list of conditions")
    .max(20, "must hold at most 20 conditions")
    .describe("Conditions on the event's fields that must all hold for the event to be sent (decided when it is received); empty: every event of the subscribed types"),
});

/** TLS as a client sends it: any subset, the rest from the defaults (POST, PUT) or the stored webhook (PATCH). */
export const TlsInputSchema = TlsSettingsSchema.partial().meta({ id: "TlsSettingsInput" });

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
  tls: TlsInputSchema.default(TLS_DEFAULTS),
  filter: fields.filter.default([]),
  rate_limit_per_minute: fields.rate_limit_per_minute.default(null),
}).meta({ id: "WebhookInput" });

/** PATCH: any subset of the fields; `auth` is merged field by field. */
export const WebhookPatchSchema = WebhookSettingsSchema.extend({ auth: AuthInputSchema, tls: TlsInputSchema })
  .partial()
  .meta({ id: "WebhookPatch" });

export type WebhookInput = z.infer<typeof WebhookInputSchema>;
export type WebhookPatch = z.infer<typeof WebhookPatchSchema>;
export type AuthInput = z.infer<typeof AuthInputSchema>;

/**
 * A webhook as a form holds it while it is being typed: a field that breaks its rule falls
 * back to its default (name, URL and events to nothing), so that a preview can render the
 * rest. It never refuses; the strict schema above says what is wrong.
 */
export const WebhookDraftSchema = z.object({
  name: fields.name.catch(""),
  url: fields.url.catch(""),
  events: fields.events.catch([]),
  method: WebhookInputSchema.shape.method.catch(WEBHOOK_DEFAULTS.method),
  headers: WebhookInputSchema.shape.headers.catch(WEBHOOK_DEFAULTS.headers),
  body: WebhookInputSchema.shape.body.catch(WEBHOOK_DEFAULTS.body),
  body_mime_type: WebhookInputSchema.shape.body_mime_type.catch(WEBHOOK_DEFAULTS.body_mime_type),
  log_body_and_headers: WebhookInputSchema.shape.log_body_and_headers.catch(WEBHOOK_DEFAULTS.log_body_and_headers),
  enabled: WebhookInputSchema.shape.enabled.catch(WEBHOOK_DEFAULTS.enabled),
  ordering: WebhookInputSchema.shape.ordering.catch(WEBHOOK_DEFAULTS.ordering),
  // field by field: a half-typed refresh interval must not cost the preview the authentication it shows
  auth: z
    .object(Object.fromEntries(Object.entries(AuthSettingsSchema.shape).map(([key, schema]) => [key, (schema as z.ZodType).optional().catch(undefined)])))
    .catch({})
    .default({}) as z.ZodType<AuthInput>,
  tls: WebhookInputSchema.shape.tls.catch(TLS_DEFAULTS),
  // condition by condition: a row being typed must not cost the preview the others' verdict
  filter: z
    .array(z.unknown())
    .catch([])
    .default([])
    .transform((conditions) => conditions.flatMap((c) => FilterConditionSchema.safeParse(c).data ?? [])),
  rate_limit_per_minute: WebhookInputSchema.shape.rate_limit_per_minute.catch(null),
}) satisfies z.ZodType<WebhookInput>;
