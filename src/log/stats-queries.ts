import type { Client } from "@libsql/client";

const HOUR_MS = 3_600_000;

export interface WebhookStats {
  webhook_id: number;
  last_status: string | null;
  last_response_status: number | null;
  last_at: string | null;
  succeeded_24h: number;
  failed_24h: number;
  /** Deliveries retrying after a failed attempt in the last 24 h: failed so far. */
  retrying_24h: number;
  /** Share of the last 24 h's deliveries, finished or retrying, that succeeded; null when there were none. */
  success_rate_24h: number | null;
}

export interface HourBucket {
  hour: string;
  succeeded: number;
  failed: number;
}

/**
 * Figures for the admin page: each webhook's latest outcome and its last day, and deliveries
 * per hour. Test sends are left out: they say how the endpoint answered an admin, not how
 * the webhook's traffic goes.
 */
export class StatsQueries {
  constructor(private readonly client: Client) {}

  async perWebhook(now: number): Promise<WebhookStats[]> {
    const since = now - 24 * HOUR_MS;
    const [latest, counts, retrying] = await this.client.batch(
      [
        // per webhook, its newest deliveries walked back to the first that is no test
        `SELECT webhook_id, status, response_status, updated_at FROM deliveries
         WHERE id IN (SELECT (SELECT id FROM deliveries WHERE webhook_id = w.id AND NOT test ORDER BY id DESC LIMIT 1) FROM webhooks w)`,
        {
          sql: `SELECT webhook_id, sum(status = 'succeeded') AS succeeded, sum(status = 'failed') AS failed
                FROM deliveries WHERE finished_at >= ? AND webhook_id IS NOT NULL AND NOT test GROUP BY webhook_id`,
          args: [since],
        },
        {
          // by the status index: the retrying rows are the queue's, few however long the log grows
          sql: `SELECT webhook_id, count(*) AS retrying FROM deliveries
                WHERE status = 'retrying' AND updated_at >= ? AND webhook_id IS NOT NULL GROUP BY webhook_id`,
          args: [since],
        },
      ],
      "read",
    );
    const stats = new Map<number, WebhookStats>();
    const entry = (id: number) => {
      let s = stats.get(id);
      if (!s) {
        s = { webhook_id: id, last_status: null, last_response_status: null, last_at: null, succeeded_24h: 0, failed_24h: 0, retrying_24h: 0, success_rate_24h: null };
        stats.set(id, s);
      }
      return s;
    };
    for (const row of latest!.rows) {
      const s = entry(Number(row.webhook_id));
      s.last_status = String(row.status);
      s.last_response_status = row.response_status === null ? null : Number(row.response_status);
      s.last_at = new Date(Number(row.updated_at)).toISOString();
    }
    for (const row of counts!.rows) {
      const s = entry(Number(row.webhook_id));
      s.succeeded_24h = Number(row.succeeded);
      s.failed_24h = Number(row.failed);
    }
    // a webhook whose endpoint is down has retries, not yet failures: 0 %, not "no deliveries"
    for (const row of retrying!.rows) entry(Number(row.webhook_id)).retrying_24h = Number(row.retrying);
    for (const s of stats.values()) {
      const counted = s.succeeded_24h + s.failed_24h + s.retrying_24h;
      s.success_rate_24h = counted === 0 ? null : s.succeeded_24h / counted;
    }
    return [...stats.values()].sort((a, b) => a.webhook_id - b.webhook_id);
  }

  /** Finished deliveries per hour for the last `hours` hours, oldest first, empty hours included. */
  async hourly(now: number, hours: number): Promise<HourBucket[]> {
    const firstHour = Math.floor(now / HOUR_MS) - hours + 1;
    const rs = await this.client.execute({
      sql: `SELECT finished_at / ${HOUR_MS} AS hour, sum(status = 'succeeded') AS succeeded, sum(status = 'failed') AS failed
            FROM deliveries WHERE finished_at >= ? AND NOT test GROUP BY hour`,
      args: [firstHour * HOUR_MS],
    });
    const byHour = new Map(rs.rows.map((r) => [Number(r.hour), r]));
    return Array.from({ length: hours }, (_, i) => {
      const row = byHour.get(firstHour + i);
      return {
        hour: new Date((firstHour + i) * HOUR_MS).toISOString(),
        succeeded: Number(row?.succeeded ?? 0),
        failed: Number(row?.failed ?? 0),
      };
    });
  }
}
