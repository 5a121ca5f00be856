import type { WebhookEvent } from "./event.ts";

/** The columns of a stored event, as any query returns them. */
export interface StoredEventColumns {
  uuid: unknown;
  type: unknown;
  ticketId: unknown;
  createdAt: unknown;
  receivedAt: unknown;
  data: unknown;
}

/**
 * An event row as the dispatcher uses it. Rows may come from another process (the
 * `emit` CLI, a script): unreadable data becomes empty and a bad time the receive time,
 * rather than a delivery that can never be rendered.
 */
export function eventFromRow(row: StoredEventColumns): WebhookEvent {
  const createdAt = Number(row.createdAt);
  return {
    uuid: String(row.uuid),
    type: String(row.type),
    ticketId: String(row.ticketId ?? ""),
    createdAt: new Date(Number.isFinite(createdAt) ? createdAt : Number(row.receivedAt)).toISOString(),
    data: storedData(row.data),
  };
}

/** An event's stored data column as an object; unreadable, or not an object, it is empty. */
export function storedData(column: unknown): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(String(column));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // empty, below
  }
  return {};
}

/** An event as the API shows it (snake_case, as it was sent). */
export function eventToJson(event: WebhookEvent) {
  return { uuid: event.uuid, type: event.type, created_at: event.createdAt, ticket_id: event.ticketId, data: event.data };
}
