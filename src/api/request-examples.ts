import type { z } from "@hono/zod-openapi";
import type { EventInputSchema } from "../events/schema.ts";
import type { WebhookInputSchema, WebhookPatchSchema } from "../webhooks/settings-schema.ts";
import type { SettingsPatchSchema, SettingsSchema } from "../settings/settings.ts";
import type { ConfigExportInputSchema, ConfigImportInputSchema } from "./config.routes.ts";
import type { ApiTokenInputSchema } from "./tokens.routes.ts";

/**
 * The example request bodies the OpenAPI document shows (a generated client's docs, an API
 * explorer, a mock server start from them). Typed as the schemas' input, so that one that no
 * longer fits fails to compile; test/api/openapi-examples.test.ts sends each to its route.
 */

export const eventExample = {
  type: "ticket.logged_in",
  ticket_id: "T-1042",
  data: {
    client_ip: "10.0.12.34",
    client_mac: "aa:bb:cc:dd:ee:ff",
    login_type: "first",
    ticket_type: "single",
    template_name: "Guest 24 h",
    backend: "PMS",
    backend_data: { pms: { room: "214", name: "Jane Doe" } },
    timestamp_first_logon: "2026-12-03T14:05:00Z",
  },
} satisfies z.input<typeof EventInputSchema>;

export const webhookExample = {
  name: "PMS check-in",
  url: "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}",
  events: ["ticket.logged_in", "ticket.logged_out"],
  body: '{"id": "{{event.uuid}}", "event": "{{event.type}}", "room": "{{backend_data.pms.room}}"}',
  auth: { type: "basic", username: "wifi", password: "s3cret" },
} satisfies z.input<typeof WebhookInputSchema>;

export const webhookPatchExample = { enabled: false } satisfies z.input<typeof WebhookPatchSchema>;

export const settingsExample = {
  enabled: true,
  read_interval_seconds: 5,
  log_retention_hours: 72,
  request_timeout_seconds: 10,
  max_attempts: 10,
  auto_disable_hours: 24,
} satisfies z.input<typeof SettingsSchema>;

export const settingsPatchExample = { max_attempts: 5 } satisfies z.input<typeof SettingsPatchSchema>;

export const apiTokenExample = { name: "PMS check-in script", scopes: ["events:write"] } satisfies z.input<typeof ApiTokenInputSchema>;

export const configExportExample = { passphrase: "correct horse battery staple" } satisfies z.input<typeof ConfigExportInputSchema>;

/** A dry run: it says what would change, and changes nothing. */
export const configImportExample = {
  mode: "merge",
  dry_run: true,
  document: {
    format: 1,
    settings: { max_attempts: 6 },
    webhooks: [{ id: 1, name: "PMS check-out", url: "https://pms.hotel.lan/api/wifi/{{event.ticket_id}}", events: ["ticket.logged_out"] }],
  },
} satisfies z.input<typeof ConfigImportInputSchema>;
