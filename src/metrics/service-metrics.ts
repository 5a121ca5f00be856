import type { Client } from "@libsql/client";
import { typeLabel } from "../events/catalogue.ts";
import { Counter, Histogram, renderGauge } from "./prometheus.ts";

/**
 * What the service counts while it runs, and what it reads from the queue when scraped.
 * Counters start at zero with the process, as Prometheus expects of counters.
 */
export class ServiceMetrics {
  private readonly accepted = new Counter("iacbox_webhooks_events_accepted_total", "Events accepted and queued, by type (custom types as one, custom; repeats of a known uuid not counted)", ["type"]);
  private readonly attempts = new Counter("iacbox_webhooks_deliveries_total", "Delivery attempts by outcome (succeeded, retrying, failed) and webhook", ["webhook_id", "outcome"]);
  private readonly latency = new Histogram(
    "iacbox_webhooks_attempt_duration_seconds",
    "Duration of delivery attempts, request and response",
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
  );
  private readonly tokens = new Counter("iacbox_webhooks_token_refreshes_total", "Bearer tokens fetched from auth URLs, by webhook and result", ["webhook_id", "result"]);

  eventAccepted(type: string): void {
    this.accepted.inc({ type: typeLabel(type) });
  }

  attemptFinished(webhookId: number, outcome: string, durationMs: number): void {
    this.attempts.inc({ webhook_id: webhookId, outcome });
    this.latency.observe(durationMs / 1000);
  }

  tokenFetched(webhookId: number, ok: boolean): void {
    this.tokens.inc({ webhook_id: webhookId, result: ok ? "ok" : "error" });
  }

  /** The exposition, with the queue's depth and age read now. */
  async render(client: Client, now: number): Promise<string> {
    const [depth, oldest] = await client.batch(
      [
        `SELECT 'pending' AS state, count(*) AS n FROM deliveries WHERE status = 'pending'
         UNION ALL SELECT 'retrying', count(*) FROM deliveries WHERE status = 'retrying'
         UNION ALL SELECT 'not_fanned_out', count(*) FROM events WHERE fanned_out_at IS NULL`,
        `SELECT min(t) AS oldest FROM (
           SELECT min(created_at) AS t FROM deliveries
           WHERE status IN ('pending', 'retrying') AND webhook_id IN (SELECT id FROM webhooks WHERE enabled = 1)
           UNION ALL SELECT min(received_at) FROM events WHERE fanned_out_at IS NULL)`,
      ],
      "read",
    );
    const oldestAt = oldest!.rows[0]?.oldest;
    return [
      this.accepted.render(),
      this.attempts.render(),
      this.latency.render(),
      this.tokens.render(),
      renderGauge(
        "iacbox_webhooks_queue_depth",
        "Work waiting: deliveries pending or retrying, events not yet turned into deliveries",
        depth!.rows.map((r) => ({ labels: { state: String(r.state) }, value: Number(r.n) })),
      ),
      renderGauge("iacbox_webhooks_oldest_pending_age_seconds", "Age of the oldest work waiting to be sent, since its event came; a switched-off webhook's is parked, not waiting (0 when none)", [
        { value: oldestAt === null || oldestAt === undefined ? 0 : Math.max(0, (now - Number(oldestAt)) / 1000) },
      ]),
    ].join("\n\n") + "\n";
  }
}
