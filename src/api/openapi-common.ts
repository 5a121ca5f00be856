import { z } from "@hono/zod-openapi";

/** A problem with one field, `path` in dot notation (`auth.url`, `events.2`). */
export const IssueSchema = z.object({ path: z.string(), message: z.string() }).openapi("Issue");

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string().openapi({ example: "url: must start with http:// or https://" }),
      issues: z.array(IssueSchema),
    }),
  })
  .openapi("Error");

/** A JSON request body as the document shows it, with an example (see request-examples.ts). */
export function jsonBody<T extends z.ZodType>(schema: T, example: z.input<T>, required = true) {
  return { body: { required, content: { "application/json": { schema, example } } } };
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

const ERROR_DESCRIPTIONS = {
  400: "Malformed request",
  401: "Missing or wrong token",
  403: "The API token lacks the scope this route needs (the message names it)",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  415: "Request body is not JSON",
  422: "Invalid fields (each named in issues)",
} as const;

/** A 401 names the scheme that would have been accepted (RFC 9110 requires the header). */
const UNAUTHORIZED = {
  ...jsonContent(ErrorResponseSchema, ERROR_DESCRIPTIONS[401]),
  headers: { "WWW-Authenticate": { description: "`Bearer`: send the admin token or an API token", schema: { type: "string" as const } } },
};

/** Where a wrong token is a 401, too many of them from one address are a 429 (a valid token never is). */
const RATE_LIMITED = {
  ...jsonContent(ErrorResponseSchema, "Too many failed sign-ins from this address (10 a minute); a valid token still passes"),
  headers: { "Retry-After": { description: "Seconds until another attempt is counted", schema: { type: "integer" as const } } },
};

/**
 * The error responses a route documents, all in the one error shape; every route needs a
 * token, and an API token may lack the route's scope.
 */
export function errorResponses(...statuses: Exclude<keyof typeof ERROR_DESCRIPTIONS, 401 | 403>[]) {
  return {
    401: UNAUTHORIZED,
    403: jsonContent(ErrorResponseSchema, ERROR_DESCRIPTIONS[403]),
    429: RATE_LIMITED,
    ...Object.fromEntries(statuses.map((s) => [s, jsonContent(ErrorResponseSchema, ERROR_DESCRIPTIONS[s])])),
  };
}

/**
 * The id in a path, as a number. Ids are positive integers; anything else names no `what`,
 * which the router answers with a 404 (see router.ts), so no handler parses an id.
 */
export function idParams(what: string) {
  const id = z
    .string()
    // documented as what it is, a positive integer, so that typed clients take a number
    .openapi({ param: { name: "id", in: "path" }, type: "integer", minimum: 1, example: 1 })
    .transform((raw, ctx) => {
      if (/^[1-9]\d{0,14}$/.test(raw)) return Number(raw);
      ctx.addIssue({ code: "custom", message: `No ${what} with id '${raw.slice(0, 40)}'` });
      return z.NEVER;
    });
  return z.object({ id });
}

export const WebhookIdParamsSchema = idParams("webhook");
