/**
 * The fields of an event's `data`, as the vendor documents them. Every field is always
 * present when a template is rendered (empty when unknown), and each is a placeholder
 * of the same name.
 */
export type DataFieldType = "string" | "int" | "timestamp";

export interface DataField {
  name: string;
  type: DataFieldType;
  description: string;
  /** The closed set of values, where the vendor names one. */
  values?: readonly string[];
  /** The only event type the field applies to: for any other it is `n/a`, as the vendor sends it. */
  onlyFor?: string;
}

/** What a field that belongs to another event type holds, as the vendor sends it. */
export const NOT_APPLICABLE = "n/a";

/** Whether `field` means something for events of `type`; for others it is `n/a`. */
export function appliesTo(field: DataField, type: string): boolean {
  return field.onlyFor === undefined || field.onlyFor === type;
}

export const DATA_FIELDS: readonly DataField[] = [
  { name: "client_ip", type: "string", description: "Last IP address of the ticket" },
  { name: "client_mac", type: "string", description: "Last MAC address of the ticket" },
  { name: "client_vlan_rt", type: "string", description: "VLAN of the ticket" },
  {
    name: "login_type",
    type: "string",
    values: ["first", "reconnect", "n/a"],
    onlyFor: "ticket.logged_in",
    description: "first or reconnect; n/a unless the event is ticket.logged_in",
  },
  {
    name: "limit",
    type: "string",
    values: ["time", "volume", "n/a"],
    onlyFor: "ticket.logged_out.limit_exceeded",
    description: "The limit used up; n/a unless the event is ticket.logged_out.limit_exceeded",
  },
  { name: "description", type: "string", description: "Ticket description (also used for PMS data)" },
  { name: "template_id", type: "int", description: "Id of the ticket template" },
  { name: "template_name", type: "string", description: "Name of the ticket template" },
  {
    name: "ticket_type",
    type: "string",
    values: ["single", "parent", "child"],
    description: "single, parent or child: lets a receiver ignore parent events",
  },
  { name: "ticket_parent_group", type: "int", description: "Id of the parent/child group, or 0" },
  { name: "ticket_price", type: "int", description: "Price of the ticket × 100" },
  { name: "backend", type: "string", description: "Ticket backend (e.g. PMS)" },
  { name: "backend_group", type: "string", description: "Ticket backend group" },
  {
    name: "backend_data",
    type: "string",
    description: "JSON of backend data; its fields are placeholders too, e.g. backend_data.pms.room",
  },
  { name: "timestamp_created", type: "timestamp", description: "When the ticket was created (ISO 8601, UTC)" },
  { name: "timestamp_first_logon", type: "timestamp", description: "First logon of the ticket (ISO 8601, UTC)" },
  { name: "timestamp_expires", type: "timestamp", description: "Expiry date of the ticket (ISO 8601, UTC)" },
  { name: "timestamp_lastseen", type: "timestamp", description: "Last seen, i.e. last traffic (ISO 8601, UTC)" },
  { name: "shared_limits", type: "int", values: ["1", "0"], description: "1 when parent and children share limits" },
  { name: "time_limit", type: "int", description: "Time limit in seconds" },
  { name: "time_used", type: "int", description: "Time used in seconds" },
  { name: "volume_limit", type: "int", description: "Volume limit in bytes" },
  { name: "volume_used_download", type: "int", description: "Downloaded bytes" },
  { name: "volume_used_upload", type: "int", description: "Uploaded bytes" },
  { name: "volume_used", type: "int", description: "Total volume in bytes" },
];
