import { createRoute } from "@hono/zod-openapi";
import type { SettingsRepository } from "../settings/repository.ts";
import { SettingsPatchSchema, SettingsSchema } from "../settings/settings.ts";
import { errorResponses, jsonBody, jsonContent } from "./openapi-common.ts";
import { settingsExample, settingsPatchExample } from "./request-examples.ts";
import { createRouter } from "./router.ts";

const tags = ["settings"];
const current = jsonContent(SettingsSchema, "The settings in force");

const routes = {
  get: createRoute({ method: "get", path: "/settings", operationId: "getSettings", tags, summary: "General settings", responses: { 200: current, ...errorResponses() } }),
  put: createRoute({
    method: "put", path: "/settings", operationId: "replaceSettings", tags, summary: "Replace all general settings",
    request: jsonBody(SettingsSchema, settingsExample), responses: { 200: current, ...errorResponses(400, 413, 415, 422) },
  }),
  patch: createRoute({
    method: "patch", path: "/settings", operationId: "updateSettings", tags, summary: "Change some general settings",
    request: jsonBody(SettingsPatchSchema, settingsPatchExample), responses: { 200: current, ...errorResponses(400, 413, 415, 422) },
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
