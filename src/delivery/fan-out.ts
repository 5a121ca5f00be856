import type { InStatement, InValue } from "@libsql/client";
import { jsonColumns, jsonRows } from "../db/json-rows.ts";
import { matchesEventPattern } from "../events/catalogue.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookEvent } from "../events/event.ts";

export interface FanOutEvent {
  uuid: string;
  type: string;
  ticketId: string;
}

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
  eventId: number;
  event: WebhookEvent;
}

/**
 * The statements that turn events into deliveries (one row per enabled webhook whose
 * events match, many rows per statement), then mark the events done. Only events not
 * yet fanned out count, so running them twice, or for a repeated uuid, changes nothing;
 * the unique (event, webhook) key is the last guard. The INSERT returns the deliveries it
 * created claimed for `handOff`.
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
  if (pairs.length === 0) return [markFannedOut(events, now)];
  return [
    {
      sql: `INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, ticket_id, claimed_by, claim_expires_at,
              status, next_attempt_at, created_at, updated_at)
            SELECT e.id, ${jsonColumns(6, "p", 1)}, 'pending', ?, ?, ?
            FROM json_each(?) AS p JOIN events e ON e.uuid = p.value->>0 AND e.fanned_out_at IS NULL
            WHERE true ON CONFLICT DO NOTHING${handOff ? " RETURNING id, event_id, webhook_id, claimed_by" : ""}`,
      args: [now, now, now, jsonRows(pairs)],
    },
    markFannedOut(events, now),
  ];
}

function markFannedOut(events: FanOutEvent[], now: number): InStatement {
  return {
    sql: "UPDATE events SET fanned_out_at = ? WHERE fanned_out_at IS NULL AND uuid IN (SELECT value FROM json_each(?))",
    args: [now, JSON.stringify(events.map((e) => e.uuid))],
  };
}
