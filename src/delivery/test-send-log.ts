import type { Client } from "@libsql/client";
import type { WebhookEvent } from "../events/event.ts";
import type { Webhook } from "../webhooks/model.ts";
import { ATTEMPT_COLUMNS, attemptColumns } from "./attempt-log.ts";
import type { Exchange } from "./delivery-exchange.ts";
import { classify } from "./outcome.ts";

/**
 * Test sends (POST /api/webhooks/:id/test) in the log, so an admin finds them beside the
 * real traffic. A test is recorded once it is done: its event, already fanned out (it goes
 * to this webhook alone), one finished delivery marked `test` and its attempt, in one
 * transaction. It never enters the queue, so it is not retried, and it does not touch the
 * webhook's run of failures (auto-disable); the figures leave it out (stats-queries.ts).
 */
export class TestSendLog {
  constructor(private readonly client: Client) {}

  /** Whether an event with this uuid is stored: a test cannot take its place in the log. */
  async isStored(uuid: string): Promise<boolean> {
    const rs = await this.client.execute({ sql: "SELECT 1 FROM events WHERE uuid = ?", args: [uuid] });
    return rs.rows.length > 0;
  }

  /** Records the test; returns its log entry's id. */
  async record(webhook: Webhook, event: WebhookEvent, startedAt: number, { request, result }: Exchange): Promise<number> {
    const outcome = classify(result);
    const error = outcome.kind === "succeeded" ? null : outcome.error;
    const finishedAt = startedAt + result.durationMs;
    const eventId = "(SELECT id FROM events WHERE uuid = ?)";
    const [, delivery] = await this.client.batch(
      [
        {
          sql: `INSERT INTO events (uuid, type, ticket_id, created_at, data, received_at, fanned_out_at, deliveries_made)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
          args: [event.uuid, event.type, event.ticketId, Date.parse(event.createdAt), JSON.stringify(event.data), startedAt, startedAt],
        },
        {
          // a webhook deleted while its test was under way: kept by name, as the log keeps the deleted ones
          sql: `INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, ticket_id, status, attempts,
                  response_status, error, duration_ms, created_at, updated_at, finished_at, test)
                VALUES (${eventId}, (SELECT id FROM webhooks WHERE id = ?), ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
          args: [
            event.uuid,
            webhook.id,
            webhook.name,
            event.type,
            event.ticketId,
            outcome.kind === "succeeded" ? "succeeded" : "failed",
            result.kind === "response" ? result.status : null,
            error,
            result.durationMs,
            startedAt,
            finishedAt,
            finishedAt,
          ],
        },
        {
          sql: `INSERT INTO attempts (delivery_id, ${ATTEMPT_COLUMNS})
                VALUES ((SELECT id FROM deliveries WHERE event_id = ${eventId}), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [event.uuid, ...attemptColumns({ attemptNo: 1, startedAt, request, result, error, logDetails: webhook.log_body_and_headers })],
        },
      ],
      "write",
    );
    return Number(delivery!.rows[0]!.id);
  }
}
