import { DATA_FIELDS, NOT_APPLICABLE, appliesTo } from "../events/data-fields.ts";
import type { WebhookEvent } from "../events/event.ts";
import type { NameShape } from "./placeholder-names.ts";

/**
 * A value a template can both print and walk into, at any depth: `{{backend_data}}` and
 * `{{backend_data.pms}}` render their JSON text while `{{backend_data.pms.room}}` reads a
 * field and `{{#rooms}}…{{/rooms}}` iterates. The text is a non-enumerable `toString`,
 * which mustache uses when it prints the value, made only then. Frozen: one view serves
 * every webhook the event goes to, and no template may change what the next one sees.
 */
function printable(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const copy: unknown[] | Record<string, unknown> = Array.isArray(value)
    ? value.map(printable)
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  Object.defineProperty(copy, "toString", { value: () => JSON.stringify(value), enumerable: false });
  return Object.freeze(copy);
}

/**
 * The event's data with every documented field, as the vendor's spec has them always
 * sent: empty when the box had no value, `n/a` for a field of another event type.
 */
function filledData(event: WebhookEvent): Record<string, unknown> {
  return { ...emptyFields(event.type), ...event.data };
}

/**
 * Every documented field, empty or `n/a`, for events of a type: made once per type (the
 * types a box sends are few, custom ones included), as setting 26 fields by name on a
 * new object for every event cost five times what copying them does.
 */
function emptyFields(type: string): Readonly<Record<string, string>> {
  let fields = emptyByType.get(type);
  if (fields) return fields;
  fields = Object.freeze(Object.fromEntries(DATA_FIELDS.map((field) => [field.name, appliesTo(field, type) ? "" : NOT_APPLICABLE])));
  if (emptyByType.size >= MAX_TYPES_REMEMBERED) emptyByType.clear();
  emptyByType.set(type, fields);
  return fields;
}

const emptyByType = new Map<string, Readonly<Record<string, string>>>();
/** Custom types are the sender's to name: the map is bounded all the same. */
const MAX_TYPES_REMEMBERED = 256;

/** Each event's view, made once for all the webhooks it goes to; gone with the event. */
const views = new WeakMap<WebhookEvent, Readonly<Record<string, unknown>>>();

/**
 * What templates see: `event.uuid`, `event.type`, `event.created_at`, `event.ticket_id`,
 * `event.data` (JSON text), and every data field by name, empty when unknown.
 */
export function templateView(event: WebhookEvent): Readonly<Record<string, unknown>> {
  let view = views.get(event);
  if (view) return view;
  const data = printable(filledData(event)) as Record<string, unknown>;
  const event_ = Object.freeze({ uuid: event.uuid, type: event.type, created_at: event.createdAt, ticket_id: event.ticketId, data });
  view = Object.freeze({ ...data, event: event_ });
  views.set(event, view);
  return view;
}

// backend_data is whatever the ticket's backend (a PMS) sends: any name inside it may be there
const DATA_NAMES: NameShape = Object.fromEntries(DATA_FIELDS.map((f) => [f.name, f.name === "backend_data" ? "any" : "value"]));

/** The names templateView holds: what a template may use. */
export const TEMPLATE_VIEW_NAMES: NameShape = {
  ...DATA_NAMES,
  event: { uuid: "value", type: "value", created_at: "value", ticket_id: "value", data: DATA_NAMES },
};

/** The whole event as one object: the body sent when a webhook's body template is empty. */
export function eventDocument(event: WebhookEvent): Record<string, unknown> {
  return { uuid: event.uuid, type: event.type, created_at: event.createdAt, ticket_id: event.ticketId, data: filledData(event) };
}
