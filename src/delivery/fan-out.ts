import type { InStatement, InValue } from "@libsql/client";
import { matchesEventPattern } from "../events/catalogue.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookEvent } from "../events/event.ts";

export interface FanOutEvent {
  uuid: string;
  type: string;
  ticketId: string;
}

/** Pairs per INSERT: seven parameters each stays far below SQLite's limit of 32,766. */
const PAIRS_PER_STATEMENT = 1000;

/**
 * Lets the fan-out create deliveries already claimed by this process's dispatcher, which
 * then sends them from memory at once instead of finding and claiming them in the
 * database. It says, pair by pair, which to claim: as many as it would hold.
 */
export interface DeliveryHandOff {
  owner: string;
  claimExpiresAt: number;
  wants(webhookId: number): boolean;
  /** Called once the transaction committed, with the claimed deliveries it created. */
  take(deliveries: HandedOffDelivery[]): void;
}

export interface HandedOffDelivery {
  id: number;
  webhookId: number;
  event: WebhookEvent;
}

/**
 * The statements that turn events into deliveries (one row per enabled webhook whose
 * events match, many rows per statement), then mark the events done. Only events not
 * yet fanned out count, so running them twice, or for a repeated uuid, changes nothing;
 * the unique (event, webhook) key is the last guard. Each INSERT returns the deliveries
 * it created claimed for `handOff`.
 */
export function fanOutStatements(events: FanOutEvent[], webhooks: Iterable<Webhook>, now: number, handOff?: DeliveryHandOff): InStatement[] {
  if (events.length === 0) return [];
  const enabled = [...webhooks].filter((w) => w.enabled);
  const pairs: InValue[][] = [];
  for (const event of events) {
    for (const webhook of enabled) {
      if (webhook.events.some((p) => matchesEventPattern(p, event.type))) {
        const claim = handOff?.wants(webhook.id) ? [handOff.owner, handOff.claimExpiresAt] : [null, null];
        pairs.push([event.uuid, webhook.id, webhook.name, event.type, event.ticketId, ...claim]);
      }
    }
  }
  const statements: InStatement[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_STATEMENT) {
    const chunk = pairs.slice(i, i + PAIRS_PER_STATEMENT);
    statements.push({
      sql: `INSERT INTO deliveries (event_uuid, webhook_id, webhook_name, event_type, ticket_id, claimed_by, claim_expires_at,
              status, next_attempt_at, created_at, updated_at)
            SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, 'pending', ?, ?, ?
            FROM (VALUES ${chunk.map(() => "(?,?,?,?,?,?,?)").join(",")}) AS v
            JOIN events e ON e.uuid = v.column1 AND e.fanned_out_at IS NULL
            WHERE true ON CONFLICT DO NOTHING${handOff ? " RETURNING id, event_uuid, webhook_id, claimed_by" : ""}`,
      args: [now, now, now, ...chunk.flat()],
    });
  }
  statements.push({
    sql: `UPDATE events SET fanned_out_at = ? WHERE fanned_out_at IS NULL AND uuid IN (${events.map(() => "?").join(",")})`,
    args: [now, ...events.map((e) => e.uuid)],
  });
  return statements;
}
