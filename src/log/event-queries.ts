import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { deliveries, events } from "../db/schema.ts";
import { eventFromRow, eventToJson } from "../events/stored-event.ts";
import { DELIVERY_STATUSES, eventTypeCondition, heldBackBySql, iso, toItem, webhookOffSql } from "./log-queries.ts";

/**
 * What became of an event: `waiting` to be matched against the webhooks (sending is
 * switched off, or another process queued it and the dispatcher has not read it yet);
 * `matched_no_webhook`; `in_progress` while a delivery is pending or retrying; `failed`
 * when one failed; `succeeded` when all did; `past_retention` when the log's retention
 * removed its deliveries (the event goes in the same cleanup).
 */
export const EVENT_STATUSES = ["waiting", "matched_no_webhook", "in_progress", "succeeded", "failed", "past_retention"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

type DeliveryCounts = Record<(typeof DELIVERY_STATUSES)[number], number>;

export interface EventFilter {
  /** An exact type or a wildcard (`ticket.*`). */
  eventType?: string;
  ticketId?: string;
  /** When the service received it, epoch ms. */
  since?: number;
  until?: number;
  /** Only events older than this key (the previous page's `next_cursor`). */
  beforeId?: number;
  limit: number;
}

function eventStatus(fannedOut: boolean, deliveriesMade: number | null, counts: DeliveryCounts): EventStatus {
  if (!fannedOut) return "waiting";
  if (counts.pending + counts.retrying > 0) return "in_progress";
  if (counts.failed > 0) return "failed";
  if (counts.succeeded > 0) return "succeeded";
  // rows from before deliveries were counted have none: their deliveries tell
  return deliveriesMade ? "past_retention" : "matched_no_webhook";
}

/**
 * The events of a ticket: those with deliveries by the deliveries' ticket index, those that
 * led to none by their own partial one, those still waiting from the (small) queue.
 * Bounded by one ticket's events, so the page is sorted from a short list.
 */
function ofTicket(ticketId: string): SQL {
  return sql`${events.id} IN (SELECT event_id FROM deliveries WHERE ticket_id = ${ticketId}
    UNION SELECT id FROM events WHERE ticket_id = ${ticketId} AND deliveries_made = 0
    UNION SELECT id FROM events WHERE fanned_out_at IS NULL AND ticket_id = ${ticketId})`;
}

const listed = {
  id: events.id,
  uuid: events.uuid,
  type: events.type,
  ticketId: events.ticketId,
  createdAt: events.createdAt,
  receivedAt: events.receivedAt,
  fannedOutAt: events.fannedOutAt,
  deliveriesMade: events.deliveriesMade,
};

type ListedRow = { [K in keyof typeof listed]: (typeof events.$inferSelect)[K] };

/** Every event the service holds, as received, and what became of it: the event log seen from the event. */
export class EventQueries {
  constructor(private readonly db: Db) {}

  async list(filter: EventFilter) {
    const conditions: (SQL | undefined)[] = [
      filter.eventType === undefined ? undefined : eventTypeCondition(events.type, filter.eventType),
      filter.ticketId === undefined ? undefined : ofTicket(filter.ticketId),
      filter.since === undefined ? undefined : gte(events.receivedAt, filter.since),
      filter.until === undefined ? undefined : lte(events.receivedAt, filter.until),
      filter.beforeId === undefined ? undefined : lt(events.id, filter.beforeId),
    ];
    const rows = await this.db
      .select(listed)
      .from(events)
      .where(and(...conditions))
      .orderBy(desc(events.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const summaries = await this.summaries(page.map((r) => r.id));
    return {
      items: page.map((row) => toEventItem(row, summaries.get(row.id))),
      next_cursor: rows.length > filter.limit ? String(page.at(-1)!.id) : null,
    };
  }

  /** The event with each delivery it led to, oldest first; null when unknown (or past retention). */
  async get(uuid: string) {
    const [row] = await this.db.select().from(events).where(eq(events.uuid, uuid));
    if (!row) return null;
    const rows = await this.db
      .select({ delivery: deliveries, heldBackBy: heldBackBySql, webhookOff: webhookOffSql })
      .from(deliveries)
      .where(eq(deliveries.eventId, row.id))
      .orderBy(deliveries.id);
    const summary = (await this.summaries([row.id])).get(row.id);
    const { data } = eventFromRow(row);
    return {
      ...toEventItem(row, summary),
      data,
      deliveries: rows.map((d) => toItem(d.delivery, row.uuid, d.heldBackBy, d.webhookOff)),
      filtered_out: row.filteredOut ?? [],
    };
  }

  /** Per event, its deliveries by status and whether they are test sends: one statement per page. */
  private async summaries(eventIds: number[]) {
    const summaries = new Map<number, { counts: DeliveryCounts; test: boolean }>();
    if (eventIds.length === 0) return summaries;
    const rows = await this.db
      .select({ eventId: deliveries.eventId, status: deliveries.status, test: deliveries.test, n: sql<number>`count(*)` })
      .from(deliveries)
      .where(inArray(deliveries.eventId, eventIds))
      .groupBy(deliveries.eventId, deliveries.status, deliveries.test);
    for (const r of rows) {
      let summary = summaries.get(r.eventId);
      if (!summary) summaries.set(r.eventId, (summary = { counts: emptyCounts(), test: false }));
      summary.counts[r.status] += Number(r.n);
      summary.test ||= r.test;
    }
    return summaries;
  }
}

const emptyCounts = (): DeliveryCounts => ({ pending: 0, retrying: 0, succeeded: 0, failed: 0 });

function toEventItem(row: ListedRow, summary = { counts: emptyCounts(), test: false }) {
  // a list leaves the data out (up to 10,000 characters a field): the event's own view has it
  const { data: _data, ...event } = eventToJson(eventFromRow({ ...row, data: "{}" }));
  return {
    ...event,
    received_at: iso(row.receivedAt)!,
    status: eventStatus(row.fannedOutAt !== null, row.deliveriesMade, summary.counts),
    deliveries_made: row.deliveriesMade,
    delivery_counts: summary.counts,
    test: summary.test,
  };
}
