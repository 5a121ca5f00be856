import { knownTypesMatching } from "./catalogue.ts";
import type { WebhookEvent } from "./event.ts";

/** A fixed uuid, so previews and validation of the same template give the same text. */
export const SAMPLE_EVENT_UUID = "3f1c2a9e-7b1d-4c55-9a53-2e0d6c1f8b42";

const TICKET_DATA = {
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
  timestamp_created: "2026-11-27 15:02:11",
  timestamp_first_logon: "2026-11-27 15:04:40",
  timestamp_expires: "2026-11-30 15:02:11",
  timestamp_lastseen: "2026-11-28 08:15:03",
  shared_limits: 0,
  time_limit: 259200,
  time_used: 62100,
  volume_limit: 5368709120,
  volume_used_download: 734003200,
  volume_used_upload: 52428800,
  volume_used: 786432000,
};

/** The type of sample a webhook is shown and checked with: the first it subscribes to. */
export function sampleTypeFor(patterns: readonly string[]): string {
  return knownTypesMatching(patterns)[0] ?? "ticket.logged_in";
}

/**
 * A realistic event of `type`, for previews and for checking that a template renders
 * to valid JSON or XML. Ticket events carry a PMS guest ticket; system events no ticket.
 */
export function sampleEvent(type: string, now: Date): WebhookEvent {
  const isTicket = type.startsWith("ticket.");
  const data: Record<string, unknown> = isTicket
    ? {
        ...TICKET_DATA,
        login_type: type === "ticket.logged_in" ? "first" : "n/a",
        limit: type === "ticket.logged_out.limit_exceeded" ? "volume" : "n/a",
      }
    : { login_type: "n/a", limit: "n/a" };
  return {
    uuid: SAMPLE_EVENT_UUID,
    type,
    createdAt: now.toISOString(),
    ticketId: isTicket ? "8342" : "",
    data,
  };
}
