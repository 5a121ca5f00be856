import { DATA_FIELDS } from "../events/data-fields.ts";
import type { WebhookEvent } from "../events/event.ts";

/**
 * A value a template can both print and walk into, at any depth: `{{backend_data}}` and
 * `{{backend_data.pms}}` render their JSON text while `{{backend_data.pms.room}}` reads a
 * field and `{{#rooms}}…{{/rooms}}` iterates. The text is attached as a non-enumerable
 * `toString`, which mustache uses when it prints the value.
 */
function printable(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const copy: unknown[] | Record<string, unknown> = Array.isArray(value)
    ? value.map(printable)
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  const text = JSON.stringify(value);
  Object.defineProperty(copy, "toString", { value: () => text, enumerable: false });
  return copy;
}

/**
 * The event's data with every documented field, as the vendor's spec has them always
 * sent: empty when the box had no value, `n/a` for a field of another event type.
 */
function filledData(event: WebhookEvent): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of DATA_FIELDS) data[field.name] = field.onlyFor === undefined || field.onlyFor === event.type ? "" : "n/a";
  return Object.assign(data, event.data);
}

/**
 * What templates see: `event.uuid`, `event.type`, `event.created_at`, `event.ticket_id`,
 * `event.data` (JSON text), and every data field by name, empty when unknown.
 */
export function templateView(event: WebhookEvent): Record<string, unknown> {
  const data = filledData(event);
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) view[key] = printable(value);
  view.event = {
    uuid: event.uuid,
    type: event.type,
    created_at: event.createdAt,
    ticket_id: event.ticketId,
    data: printable(data),
  };
  return view;
}

/** The whole event as one object: the body sent when a webhook's body template is empty. */
export function eventDocument(event: WebhookEvent): Record<string, unknown> {
  return { uuid: event.uuid, type: event.type, created_at: event.createdAt, ticket_id: event.ticketId, data: filledData(event) };
}
