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
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(String(row.data));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    // keep it empty
  }
  const createdAt = Number(row.createdAt);
  return {
    uuid: String(row.uuid),
    type: String(row.type),
    ticketId: String(row.ticketId ?? ""),
    createdAt: new Date(Number.isFinite(createdAt) ? createdAt : Number(row.receivedAt)).toISOString(),
    data,
  };
}

/** An event as the API shows it (snake_case, as it was sent). */
export function eventToJson(event: WebhookEvent) {
  return { uuid: event.uuid, type: event.type, created_at: event.createdAt, ticket_id: event.ticketId, data: event.data };
}
