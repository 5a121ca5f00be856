import type { InStatement, InValue } from "@libsql/client";
import { matchesEventPattern } from "../events/catalogue.ts";
import type { Webhook } from "../webhooks/model.ts";

export interface FanOutEvent {
  uuid: string;
  type: string;
  ticketId: string;
}

/** Pairs per INSERT: five parameters each stays far below SQLite's limit of 32,766. */
const PAIRS_PER_STATEMENT = 1000;

/**
 * The statements that turn events into deliveries (one row per enabled webhook whose
 * events match, many rows per statement), then mark the events done. Only events not
 * yet fanned out count, so running them twice, or for a repeated uuid, changes nothing;
 * the unique (event, webhook) key is the last guard.
 */
export function fanOutStatements(events: FanOutEvent[], webhooks: Iterable<Webhook>, now: number): InStatement[] {
  if (events.length === 0) return [];
  const enabled = [...webhooks].filter((w) => w.enabled);
  const pairs: InValue[][] = [];
  for (const event of events) {
    for (const webhook of enabled) {
      if (webhook.events.some((p) => matchesEventPattern(p, event.type))) {
        pairs.push([event.uuid, webhook.id, webhook.name, event.type, event.ticketId]);
      }
    }
  }
  const statements: InStatement[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_STATEMENT) {
    const chunk = pairs.slice(i, i + PAIRS_PER_STATEMENT);
    statements.push({
      sql: `INSERT INTO deliveries (event_uuid, webhook_id, webhook_name, event_type, ticket_id, status, next_attempt_at, created_at, updated_at)
            SELECT v.column1, v.column2, v.column3, v.column4, v.column5, 'pending', ?, ?, ?
            FROM (VALUES ${chunk.map(() => "(?,?,?,?,?)").join(",")}) AS v
            JOIN events e ON e.uuid = v.column1 AND e.fanned_out_at IS NULL
            WHERE true ON CONFLICT DO NOTHING`,
      args: [now, now, now, ...chunk.flat()],
    });
  }
  statements.push({
    sql: `UPDATE events SET fanned_out_at = ? WHERE fanned_out_at IS NULL AND uuid IN (${events.map(() => "?").join(",")})`,
    args: [now, ...events.map((e) => e.uuid)],
  });
  return statements;
}
