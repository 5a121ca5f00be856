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

/** Most data is ASCII, one byte a character: found at native speed, no loop needed. */
const BEYOND_ASCII = /[^\x00-\x7f]/;

/**
 * The size of an event's stored data (JSON): its bytes in UTF-8, as the database counts
 * them (`octet_length(data)`), so an event weighs the same whether it was just received
 * or read back. What holding the event in memory costs, give or take its encoding there.
 */
export function storedSize(json: string): number {
  let size = json.length;
  if (!BEYOND_ASCII.test(json)) return size;
  for (let i = 0; i < json.length; i++) {
    const unit = json.charCodeAt(i);
    // past ASCII a character takes 2 or 3 bytes; a surrogate pair (4 bytes) is two units of one extra each
    if (unit > 0x7f) size += unit <= 0x7ff || (unit >= 0xd800 && unit <= 0xdfff) ? 1 : 2;
  }
  return size;
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
