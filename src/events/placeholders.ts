import { DATA_FIELDS } from "./data-fields.ts";

export const PLACEHOLDER_TYPES = ["string", "int", "timestamp", "json"] as const;

export interface Placeholder {
  name: string;
  type: (typeof PLACEHOLDER_TYPES)[number];
  description: string;
}

/** Every placeholder a body, URL or header template may use, as `{{name}}`. */
export const PLACEHOLDERS: readonly Placeholder[] = [
  { name: "event.uuid", type: "string", description: "UUID of the event: the same on every retry, so receivers can de-duplicate" },
  { name: "event.type", type: "string", description: "Type of the event, e.g. ticket.logged_in" },
  { name: "event.created_at", type: "timestamp", description: "When the event happened (ISO 8601, UTC)" },
  { name: "event.ticket_id", type: "string", description: "Id of the ticket that caused the event (empty for system events)" },
  { name: "event.data", type: "json", description: "All data fields below as one JSON object" },
  ...DATA_FIELDS.map((f) => ({
    name: f.name,
    type: f.name === "backend_data" ? ("json" as const) : f.type,
    description: f.values ? `${f.description} (${f.values.join(", ")})` : f.description,
  })),
  { name: "backend_data.pms.room", type: "string", description: "PMS tickets: room number" },
  { name: "backend_data.pms.name", type: "string", description: "PMS tickets: guest name" },
  { name: "backend_data.pms.departure", type: "string", description: "PMS tickets: departure date" },
];
