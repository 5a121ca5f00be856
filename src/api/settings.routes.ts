import { createRoute } from "@hono/zod-openapi";
import type { SettingsRepository } from "../settings/repository.ts";
import { SettingsPatchSchema, SettingsSchema } from "../settings/settings.ts";
import { errorResponses, jsonContent } from "./openapi-common.ts";
import { createRouter } from "./router.ts";

const tags = ["settings"];
const current = jsonContent(SettingsSchema, "The settings in force");
const body = <T extends typeof SettingsSchema | typeof SettingsPatchSchema>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

const routes = {
  get: createRoute({ method: "get", path: "/settings", tags, summary: "General settings", responses: { 200: current, ...errorResponses() } }),
  put: createRoute({
    method: "put", path: "/settings", tags, summary: "Replace all general settings",
    request: body(SettingsSchema), responses: { 200: current, ...errorResponses(400, 413, 415, 422) },
  }),
  patch: createRoute({
    method: "patch", path: "/settings", tags, summary: "Change some general settings",
    request: body(SettingsPatchSchema), responses: { 200: current, ...errorResponses(400, 413, 415, 422) },
  }),
};

export interface SettingsRouteDeps {
  settings: SettingsRepository;
  now: () => Date;
  /** The dispatcher takes changes at its next pass; this makes that pass now. */
  onChanged: () => void;
}

export function settingsRoutes({ settings, now, onChanged }: SettingsRouteDeps) {
  async function update(changes: Parameters<SettingsRepository["update"]>[0]) {
    const updated = await settings.update(changes, now());
    onChanged();
    return updated;
  }
  return createRouter()
    .openapi(routes.get, async (c) => c.json(await settings.get(), 200))
    .openapi(routes.put, async (c) => c.json(await update(c.req.valid("json")), 200))
    .openapi(routes.patch, async (c) => c.json(await update(c.req.valid("json")), 200));
}
