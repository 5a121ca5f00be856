import type { InStatement } from "@libsql/client";
import { matchesEventPattern } from "../events/catalogue.ts";
import type { Webhook } from "../webhooks/model.ts";

export interface FanOutEvent {
  uuid: string;
  type: string;
  ticketId: string;
}

/**
 * The statements that turn events into deliveries: one per enabled webhook whose
 * events match, then the events marked done. Only events not yet fanned out count, so
 * running them twice, or for a repeated uuid, changes nothing; the unique (event,
 * webhook) key is the last guard.
 */
export function fanOutStatements(events: FanOutEvent[], webhooks: Iterable<Webhook>, now: number): InStatement[] {
  if (events.length === 0) return [];
  const enabled = [...webhooks].filter((w) => w.enabled);
  const statements: InStatement[] = [];
  for (const event of events) {
    for (const webhook of enabled) {
      if (!webhook.events.some((p) => matchesEventPattern(p, event.type))) continue;
      statements.push({
        sql: `INSERT INTO deliveries (event_uuid, webhook_id, webhook_name, event_type, ticket_id, status, next_attempt_at, created_at, updated_at)
              SELECT ?, ?, ?, ?, ?, 'pending', ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE uuid = ? AND fanned_out_at IS NULL)
              ON CONFLICT DO NOTHING`,
        args: [event.uuid, webhook.id, webhook.name, event.type, event.ticketId, now, now, now, event.uuid],
      });
    }
  }
  statements.push({
    sql: `UPDATE events SET fanned_out_at = ? WHERE fanned_out_at IS NULL AND uuid IN (${events.map(() => "?").join(",")})`,
    args: [now, ...events.map((e) => e.uuid)],
  });
  return statements;
}
