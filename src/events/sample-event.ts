import { knownTypesMatching } from "./catalogue.ts";
import type { WebhookEvent } from "./event.ts";
import { normaliseEvent, type EventInput } from "./schema.ts";

/** A fixed uuid, so previews and validation of the same template give the same text. */
export const SAMPLE_EVENT_UUID = "3f1c2a9e-7b1d-4c55-9a53-2e0d6c1f8b42";

/** As the box would send it, with the values a login or a limit logout has: the others get `n/a`. */
const TICKET_DATA = {
  login_type: "first",
  limit: "volume",
  client_ip: "10.20.1.57",
  client_mac: "3c:22:fb:91:0a:6e",
  client_vlan_rt: "20",
  description: "Room 204, Smith",
  template_id: 3,
  template_name: "Hotel guest 3 days",
  ticket_type: "single",
  ticket_parent_group: 0,
  ticket_price: 1500,
  backend: "PMS",
  backend_group: "Front desk",
  backend_data: { pms: { room: "204", name: "Jane Smith", departure: "2026-12-01" } },
  timestamp_created: "2026-11-27T15:02:11Z",
  timestamp_first_logon: "2026-11-27T15:04:40Z",
  timestamp_expires: "2026-11-30T15:02:11Z",
  timestamp_lastseen: "2026-11-28T08:15:03Z",
  shared_limits: 0,
  time_limit: 259200,
  time_used: 62100,
  volume_limit: 5368709120,
  volume_used_download: 734003200,
  volume_used_upload: 52428800,
  volume_used: 786432000,
} satisfies EventInput["data"];

/** The type of sample a webhook is shown and checked with: the first it subscribes to. */
export function sampleTypeFor(patterns: readonly string[]): string {
  return knownTypesMatching(patterns)[0] ?? "ticket.logged_in";
}

/**
 * A realistic event of `type`, for previews and for checking that a template renders
 * to valid JSON or XML. Ticket events carry a PMS guest ticket; system events no ticket.
 * Normalised as a sent event is, with values in the forms ingest stores: previews show
 * what a real event of the type delivers.
 */
export function sampleEvent(type: string, now: Date): WebhookEvent {
  const isTicket = type.startsWith("ticket.");
  return normaliseEvent(
    { type, uuid: SAMPLE_EVENT_UUID, created_at: now.toISOString(), ticket_id: isTicket ? "8342" : undefined, data: isTicket ? TICKET_DATA : {} },
    now,
  );
}
