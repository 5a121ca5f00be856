import { z } from "@hono/zod-openapi";
import { storedText } from "../db/stored-text.ts";
import { eventPatternProblem } from "../events/catalogue.ts";

export const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date and time, e.g. 2026-11-28T12:00:00Z" });

/**
 * The query fields the event log and the event list share, newest first: an event type
 * or a wildcard (`ticket.*`), a ticket, a time range, and paging by the previous page's
 * `next_cursor`. Each says what it takes.
 */
export const listQueryFields = {
  event_type: z
    .string()
    .superRefine((type, ctx) => {
      const problem = eventPatternProblem(type);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  ticket_id: storedText(200).optional(),
  since: isoTime.transform((t) => Date.parse(t)).optional(),
  until: isoTime.transform((t) => Date.parse(t)).optional(),
  cursor: z.string().regex(/^\d{1,15}$/, "must be a next_cursor from a previous page").transform(Number).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .openapi({ type: "integer", minimum: 1, maximum: 500, default: 50 })
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1").max(500, "must be at most 500"))
    .default(50),
};

/** The shared query fields as the queries' filter names them. */
export function listFilter(q: { event_type?: string; ticket_id?: string; since?: number; until?: number; cursor?: number; limit: number }) {
  return { eventType: q.event_type, ticketId: q.ticket_id, since: q.since, until: q.until, beforeId: q.cursor, limit: q.limit };
}

/** A page of a list, newest first; `next_cursor` (null on the last page) asks for the next. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

/** An event's uuid, as `POST /api/events` answered it; stored in lower case. */
export const eventUuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be an event's uuid, as POST /api/events answered it")
  .transform((uuid) => uuid.toLowerCase());
