import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "./router.ts";
import type { WebhookSettings } from "../webhooks/model.ts";
import { settingsFromInput, settingsFromPatch } from "../webhooks/settings-merge.ts";
import { WebhookInputSchema, WebhookPatchSchema } from "../webhooks/settings-schema.ts";
import { assertValidSettings, loadWebhook, webhookNotFound, type WebhookRouteDeps } from "./webhook-route-helpers.ts";
import { takesNoBody } from "./middleware.ts";
import { errorResponses, jsonBody, jsonContent, WebhookIdParamsSchema } from "./openapi-common.ts";
import { webhookExample, webhookPatchExample } from "./request-examples.ts";
import { toApiWebhook, WebhookSchema } from "./webhooks.schemas.ts";

const tags = ["webhooks"];
const one = jsonContent(WebhookSchema, "The webhook");

const routes = {
  list: createRoute({
    method: "get", path: "/webhooks", operationId: "listWebhooks", tags, summary: "List webhooks",
    responses: { 200: jsonContent(z.object({ items: z.array(WebhookSchema) }), "All webhooks"), ...errorResponses() },
  }),
  create: createRoute({
    method: "post", path: "/webhooks", operationId: "createWebhook", tags, summary: "Create a webhook",
    request: jsonBody(WebhookInputSchema, webhookExample),
    responses: { 201: one, ...errorResponses(400, 409, 413, 415, 422) },
  }),
  get: createRoute({
    method: "get", path: "/webhooks/{id}", operationId: "getWebhook", tags, summary: "Get a webhook",
    request: { params: WebhookIdParamsSchema },
    responses: { 200: one, ...errorResponses(404) },
  }),
  replace: createRoute({
    method: "put", path: "/webhooks/{id}", operationId: "replaceWebhook", tags, summary: "Replace a webhook (an omitted password is kept)",
    request: { params: WebhookIdParamsSchema, ...jsonBody(WebhookInputSchema, webhookExample) },
    responses: { 200: one, ...errorResponses(400, 404, 409, 413, 415, 422) },
  }),
  patch: createRoute({
    method: "patch", path: "/webhooks/{id}", operationId: "updateWebhook", tags, summary: "Change some settings of a webhook",
    request: { params: WebhookIdParamsSchema, ...jsonBody(WebhookPatchSchema, webhookPatchExample) },
    responses: { 200: one, ...errorResponses(400, 404, 409, 413, 415, 422) },
  }),
  remove: createRoute({
    method: "delete", path: "/webhooks/{id}", operationId: "deleteWebhook", tags, summary: "Delete a webhook (its log entries stay)",
    request: { params: WebhookIdParamsSchema },
    middleware: [takesNoBody()],
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 404, 415, 422) },
  }),
  copy: createRoute({
    method: "post", path: "/webhooks/{id}/copy", operationId: "copyWebhook", tags,
    summary: "Save a webhook as a copy, with the changes in the body (as PATCH) applied; named '<name> (copy)' unless they name it",
    request: { params: WebhookIdParamsSchema, ...jsonBody(WebhookPatchSchema, { name: "PMS check-in (held back)", enabled: false }, false) },
    responses: { 201: one, ...errorResponses(400, 404, 409, 413, 415, 422) },
  }),
};

const COPY_SUFFIX = " (copy)";

export function webhookRoutes({ webhooks, now, onChanged }: WebhookRouteDeps) {
  const load = (id: number) => loadWebhook(webhooks, id);
  /** Stores the change; a webhook deleted since it was loaded is a 404, as if it had been gone before. */
  async function updated(id: number, settings: WebhookSettings) {
    const stored = await webhooks.update(id, settings, now());
    if (!stored) throw webhookNotFound(id);
    onChanged();
    return toApiWebhook(stored);
  }

  return createRouter()
    .openapi(routes.list, async (c) => c.json({ items: (await webhooks.list()).map(toApiWebhook) }, 200))
    .openapi(routes.create, async (c) => {
      const settings = assertValidSettings(settingsFromInput(c.req.valid("json")), now());
      const created = await webhooks.create(settings, now());
      onChanged();
      return c.json(toApiWebhook(created), 201);
    })
    .openapi(routes.get, async (c) => c.json(toApiWebhook(await load(c.req.valid("param").id)), 200))
    .openapi(routes.replace, async (c) => {
      const stored = await load(c.req.valid("param").id);
      const settings = assertValidSettings(settingsFromInput(c.req.valid("json"), stored), now(), stored);
      return c.json(await updated(stored.id, settings), 200);
    })
    .openapi(routes.patch, async (c) => {
      const stored = await load(c.req.valid("param").id);
      const settings = assertValidSettings(settingsFromPatch(stored, c.req.valid("json")), now(), stored);
      return c.json(await updated(stored.id, settings), 200);
    })
    .openapi(routes.remove, async (c) => {
      const { id } = await load(c.req.valid("param").id);
      await webhooks.remove(id, now());
      // claims it holds for the webhook are given back at once, not sent
      onChanged();
      return c.body(null, 204);
    })
    .openapi(routes.copy, async (c) => {
      const stored = await load(c.req.valid("param").id);
      const changes = c.req.valid("json") ?? {};
      const name = changes.name ?? stored.name.slice(0, 200 - COPY_SUFFIX.length) + COPY_SUFFIX;
      // validated whole and stored in one insert: the copy never exists without its changes.
      // It takes no signing secret, so one that does not open stands in no copy's way.
      const from = { ...stored, unreadable_secrets: stored.unreadable_secrets.filter((s) => s !== "signing_secret") };
      const settings = assertValidSettings(settingsFromPatch(stored, { ...changes, name }), now(), from);
      const copy = await webhooks.create(settings, now());
      onChanged();
      return c.json(toApiWebhook(copy), 201);
    });
}
