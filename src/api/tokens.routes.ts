import { createRoute, z } from "@hono/zod-openapi";
import { storedText } from "../db/stored-text.ts";
import type { ApiTokenStore } from "../security/api-tokens.ts";
import { SCOPES } from "../security/scopes.ts";
import { ApiError } from "./errors.ts";
import { takesNoBody } from "./middleware.ts";
import { errorResponses, idParams, jsonBody, jsonContent } from "./openapi-common.ts";
import { apiTokenExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";

const tags = ["tokens"];

const scope = z.enum(SCOPES, `must be ${SCOPES.join(", ")}`);

export const ApiTokenInputSchema = z
  .strictObject({
    name: storedText(200).trim().min(1, "must not be empty"),
    scopes: z
      .array(scope, "must be a list of scopes")
      .min(1, "select at least one scope")
      .refine((s) => new Set(s).size === s.length, "must not repeat a scope")
      .openapi({ description: "events:write: POST /api/events only; read: every GET but the tokens; admin: everything" }),
  })
  .openapi("ApiTokenInput");

const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    scopes: z.array(scope),
    created_at: z.string(),
    last_used_at: z.string().nullable().openapi({ description: "Noted at most once a minute" }),
  })
  .openapi("ApiToken");

const CreatedApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().openapi({ description: "The token: shown this once, only its hash is kept" }),
}).openapi("CreatedApiToken");

const routes = {
  list: createRoute({
    method: "get", path: "/tokens", operationId: "listApiTokens", tags, summary: "List API tokens (never the tokens themselves)",
    responses: { 200: jsonContent(z.object({ items: z.array(ApiTokenSchema) }), "Every API token"), ...errorResponses() },
  }),
  create: createRoute({
    method: "post", path: "/tokens", operationId: "createApiToken", tags, summary: "Create an API token with scopes",
    request: jsonBody(ApiTokenInputSchema, apiTokenExample),
    responses: { 201: jsonContent(CreatedApiTokenSchema, "The token, shown this once"), ...errorResponses(400, 413, 415, 422) },
  }),
  revoke: createRoute({
    method: "delete", path: "/tokens/{id}", operationId: "revokeApiToken", tags, summary: "Revoke an API token (its next request is a 401)",
    request: { params: idParams("API token") },
    middleware: [takesNoBody()],
    responses: { 204: { description: "Revoked" }, ...errorResponses(400, 404, 415, 422) },
  }),
};

export function tokenRoutes({ tokens, now }: { tokens: ApiTokenStore; now: () => Date }) {
  return createRouter()
    .openapi(routes.list, async (c) => c.json({ items: await tokens.list() }, 200))
    .openapi(routes.create, async (c) => {
      const { name, scopes } = c.req.valid("json");
      return c.json(await tokens.create(name, scopes, now()), 201);
    })
    .openapi(routes.revoke, async (c) => {
      const { id } = c.req.valid("param");
      if (!(await tokens.revoke(id))) throw new ApiError("not_found", `No API token with id ${id}`);
      return c.body(null, 204);
    });
}
