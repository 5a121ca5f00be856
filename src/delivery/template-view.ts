import { DATA_FIELDS } from "../events/data-fields.ts";
import type { WebhookEvent } from "../events/event.ts";

/**
 * An object a template can both print and walk into: `{{backend_data}}` renders its JSON
 * text while `{{backend_data.pms.room}}` reads a field. The text is attached as a
 * non-enumerable `toString`, which mustache uses when it prints the value.
 */
function printableAsJson(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value };
  const text = JSON.stringify(value);
  Object.defineProperty(copy, "toString", { value: () => text, enumerable: false });
  return copy;
}

/** The event's data with every documented field, empty when the box had none for it: all fields are always sent. */
function filledData(event: WebhookEvent): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of DATA_FIELDS) data[field.name] = "";
  return Object.assign(data, event.data);
}

/**
 * What templates see: `event.uuid`, `event.type`, `event.created_at`, `event.ticket_id`,
 * `event.data` (JSON text), and every data field by name, empty when unknown.
 */
export function templateView(event: WebhookEvent): Record<string, unknown> {
  const data = filledData(event);
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    view[key] = value !== null && typeof value === "object" && !Array.isArray(value)
      ? printableAsJson(value as Record<string, unknown>)
      : value;
  }
  view.event = {
    uuid: event.uuid,
    type: event.type,
    created_at: event.createdAt,
    ticket_id: event.ticketId,
    data: printableAsJson(data),
  };
  return view;
}

/** The whole event as one object: the body sent when a webhook's body template is empty. */
export function eventDocument(event: WebhookEvent): Record<string, unknown> {
  return { uuid: event.uuid, type: event.type, created_at: event.createdAt, ticket_id: event.ticketId, data: filledData(event) };
}
