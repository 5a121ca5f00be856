import { and, desc, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client.ts";
import { attempts, deliveries, events, webhooks } from "../db/schema.ts";
import { heldBackBy } from "../db/ticket-order.ts";
import { eventFromRow, eventToJson } from "../events/stored-event.ts";

export const DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "failed"] as const;

export interface LogFilter {
  webhookId?: number;
  /** An exact type or a wildcard (`ticket.*`). */
  eventType?: string;
  status?: (typeof DELIVERY_STATUSES)[number];
  ticketId?: string;
  eventUuid?: string;
  since?: number;
  until?: number;
  /** Only entries older than this id (the previous page's `next_cursor`). */
  beforeId?: number;
  limit: number;
}

/**
 * Event types under `prefix` (`ticket.logged_out.`): a range, as `.` is followed by `/`;
 * unlike LIKE it neither ignores case nor reads `_` as a wildcard. Kept off the type
 * index (`+`): a range of types is not in id order there, so a page would sort every
 * match; walking ids newest first stops at the page's end.
 */
function typesUnder(column: SQLiteColumn, prefix: string): SQL {
  return sql`+${column} >= ${prefix} AND +${column} < ${`${prefix.slice(0, -1)}/`}`;
}

/** The condition for an event type or a wildcard (`ticket.*`, `*`) on `column`; none for `*`. */
export function eventTypeCondition(column: SQLiteColumn, pattern: string): SQL | undefined {
  if (pattern === "*") return undefined;
  return pattern.endsWith(".*") ? typesUnder(column, pattern.slice(0, -1)) : eq(column, pattern);
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const unfinished = (status: (typeof DELIVERY_STATUSES)[number]) => status === "pending" || status === "retrying";

/**
 * A delivery as the log lists it, with the delivery of its ticket it waits (or waited) for,
 * and whether it is paused: unfinished while its webhook is switched off (`webhookOff`).
 */
export function toItem(row: typeof deliveries.$inferSelect, eventUuid: string, heldBackBy: number | null, webhookOff: boolean) {
  return {
    id: row.id,
    event_uuid: eventUuid,
    event_type: row.eventType,
    ticket_id: row.ticketId,
    webhook_id: row.webhookId,
    webhook_name: row.webhookName,
    webhook_deleted: row.webhookId === null,
    status: row.status,
    attempts: row.attempts,
    response_status: row.responseStatus,
    error: row.error,
    duration_ms: row.durationMs,
    created_at: iso(row.createdAt)!,
    updated_at: iso(row.updatedAt)!,
    next_attempt_at: unfinished(row.status) ? iso(row.nextAttemptAt) : null,
    finished_at: iso(row.finishedAt),
    test: row.test,
    held_back_by: heldBackBy,
    paused: unfinished(row.status) && webhookOff,
  };
}

export type LogItem = ReturnType<typeof toItem>;

/** Read per listed row by its key, so the join cannot change how the page is found. */
const eventUuid = sql<string>`(SELECT uuid FROM events WHERE id = ${deliveries.eventId})`;
/** The delivery of the same ticket it waits (or waited) for: per listed row, from the small ticket queue index. */
export const heldBackBySql = sql<number | null>`${sql.raw(heldBackBy("deliveries"))}`;
/** Whether the delivery's webhook is switched off (by an admin or the service): per listed row, by its key. */
export const webhookOffSql = sql<boolean>`coalesce((SELECT NOT enabled FROM webhooks WHERE id = ${deliveries.webhookId}), 0)`.mapWith(Boolean);

/** The event log: deliveries newest first, each with its attempts on request. */
export class LogQueries {
  constructor(private readonly db: Db) {}

  async list(filter: LogFilter): Promise<{ items: LogItem[]; next_cursor: string | null }> {
    const conditions: SQL[] = [];
    if (filter.webhookId !== undefined) conditions.push(await this.ofWebhook(filter.webhookId));
    const type = filter.eventType === undefined ? undefined : eventTypeCondition(deliveries.eventType, filter.eventType);
    if (type) conditions.push(type);
    if (filter.status !== undefined) conditions.push(eq(deliveries.status, filter.status));
    if (filter.ticketId !== undefined) conditions.push(eq(deliveries.ticketId, filter.ticketId));
    if (filter.eventUuid !== undefined) conditions.push(eq(deliveries.eventId, sql`(SELECT id FROM events WHERE uuid = ${filter.eventUuid})`));
    if (filter.since !== undefined) conditions.push(gte(deliveries.createdAt, filter.since));
    if (filter.until !== undefined) conditions.push(lte(deliveries.createdAt, filter.until));
    if (filter.beforeId !== undefined) conditions.push(lt(deliveries.id, filter.beforeId));
    const rows = await this.db
      .select({ delivery: deliveries, eventUuid, heldBackBy: heldBackBySql, webhookOff: webhookOffSql })
      .from(deliveries)
      .where(and(...conditions))
      .orderBy(desc(deliveries.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map((r) => toItem(r.delivery, r.eventUuid, r.heldBackBy, r.webhookOff)),
      next_cursor: rows.length > filter.limit ? String(page.at(-1)!.delivery.id) : null,
    };
  }

  /** A webhook's entries: by `webhook_id` while it exists, by `former_webhook_id` once deleted (each its own index). */
  private async ofWebhook(id: number): Promise<SQL> {
    const [live] = await this.db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, id));
    return live ? eq(deliveries.webhookId, id) : eq(deliveries.formerWebhookId, id);
  }

  /** Every webhook the log can be filtered by: those that exist, then the deleted ones that still have entries. */
  async webhookChoices(): Promise<{ id: number; name: string; deleted: boolean }[]> {
    const live = await this.db.select({ id: webhooks.id, name: webhooks.name }).from(webhooks).orderBy(webhooks.name, webhooks.id);
    // one index walk over the deleted webhooks' entries; the name is that of each one's newest entry
    const former = await this.db.all<{ id: number; name: string }>(sql`
      SELECT f.id AS id, (SELECT webhook_name FROM deliveries WHERE former_webhook_id = f.id ORDER BY id DESC LIMIT 1) AS name
      FROM (SELECT DISTINCT former_webhook_id AS id FROM deliveries WHERE former_webhook_id IS NOT NULL) f`);
    return [
      ...live.map((w) => ({ ...w, deleted: false })),
      ...former.map((w) => ({ id: Number(w.id), name: w.name, deleted: true })).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id),
    ];
  }

  async get(id: number) {
    const [found] = await this.db.select({ row: deliveries, heldBackBy: heldBackBySql, webhookOff: webhookOffSql }).from(deliveries).where(eq(deliveries.id, id));
    if (!found) return null;
    const { row } = found;
    const [eventRow] = await this.db.select().from(events).where(eq(events.id, row.eventId));
    // deleted with its event (log cleanup) since it was read
    if (!eventRow) return null;
    const attemptRows = await this.db
      .select()
      .from(attempts)
      .where(eq(attempts.deliveryId, id))
      .orderBy(attempts.attemptNo);
    return {
      ...toItem(row, eventRow.uuid, found.heldBackBy, found.webhookOff),
      event: eventToJson(eventFromRow(eventRow)),
      attempt_log: attemptRows.map((a) => ({
        attempt: a.attemptNo,
        started_at: iso(a.startedAt)!,
        duration_ms: a.durationMs,
        method: a.method,
        url: a.url,
        response_status: a.responseStatus,
        error: a.error,
        ...(a.requestHeaders !== null || a.responseHeaders !== null
          ? {
              request_headers: a.requestHeaders,
              request_body: a.requestBody,
              response_headers: a.responseHeaders,
              response_body: a.responseBody,
            }
          : {}),
      })),
    };
  }
}
