import { z } from "zod";
import { storedText } from "../db/stored-text.ts";
import { eventPatternProblem } from "../events/catalogue.ts";
import { parseHeaderLines } from "./header-lines.ts";
import { AUTH_METHODS, AUTH_TYPES, HTTP_METHODS, MIME_TYPES } from "./model.ts";

const MAX_TEMPLATE = 64 * 1024;

const text = storedText;

const headerLines = text(8000).superRefine((value, ctx) => {
  for (const problem of parseHeaderLines(value).problems) ctx.addIssue({ code: "custom", message: problem });
});

const eventPattern = z.string().superRefine((pattern, ctx) => {
  const problem = eventPatternProblem(pattern);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const AuthInputSchema = z
  .strictObject({
    type: z.enum(AUTH_TYPES, "must be none, basic or token"),
    url: text(2000).trim(),
    method: z.enum(AUTH_METHODS, "must be POST or GET"),
    headers: headerLines,
    body: text(MAX_TEMPLATE),
    body_mime_type: z.enum(MIME_TYPES, "must be application/json or application/xml"),
    username: text(200),
    password: text(500).describe("Write-only: responses carry password_set instead"),
    token_refresh_interval: z
      .number("must be a number of minutes")
      .int("must be a whole number of minutes")
      .min(1, "must be at least 1 minute")
      .max(525_600, "must be at most 525600 minutes (one year)"),
    token_field: text(200).trim(),
  })
  .partial()
  .meta({ id: "AuthSettingsInput" });

const fields = {
  name: text(200).trim().min(1, "must not be empty"),
  url: text(2000).trim().min(1, "must not be empty"),
  method: z.enum(HTTP_METHODS, "must be POST, GET, PUT or DELETE"),
  events: z
    .array(eventPattern, "must be a list of event types")
    .min(1, "select at least one event")
    .max(100, "must hold at most 100 entries"),
  headers: headerLines,
  body: text(MAX_TEMPLATE),
  body_mime_type: z.enum(MIME_TYPES, "must be application/json or application/xml"),
  log_body_and_headers: z.boolean("must be true or false"),
  enabled: z.boolean("must be true or false"),
  auth: AuthInputSchema,
};

/**
 * A webhook as a client sends it (POST, PUT). Field types only: the rules that span
 * fields (templates against the mime type, auth per type) are in settings-checks.ts,
 * run after a PATCH or a kept password is merged in.
 */
export const WebhookInputSchema = z
  .strictObject({
    ...fields,
    method: fields.method.default("POST"),
    headers: fields.headers.default(""),
    body: fields.body.default(""),
    body_mime_type: fields.body_mime_type.default("application/json"),
    log_body_and_headers: fields.log_body_and_headers.default(false),
    enabled: fields.enabled.default(true),
    auth: fields.auth.default({ type: "none" }),
  })
  .meta({ id: "WebhookInput" });

/** PATCH: any subset of the fields; `auth` is merged field by field. */
export const WebhookPatchSchema = z.strictObject(fields).partial().meta({ id: "WebhookPatch" });

export type WebhookInput = z.infer<typeof WebhookInputSchema>;
export type WebhookPatch = z.infer<typeof WebhookPatchSchema>;
export type AuthInput = z.infer<typeof AuthInputSchema>;
