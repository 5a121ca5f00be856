import type { Client } from "@libsql/client";
import type { Webhook } from "./model.ts";
import type { WebhookRepository } from "./repository.ts";

/**
 * The webhooks, reloaded (and passwords decrypted) only when the table changed. The
 * change check is one indexed aggregate, so the dispatcher can ask on every wake-up and
 * still see edits made through the API or by another instance at once.
 */
export class WebhookCache {
  private version = "";
  private webhooks = new Map<number, Webhook>();

  constructor(
    private readonly client: Client,
    private readonly repository: WebhookRepository,
  ) {}

  async all(): Promise<Map<number, Webhook>> {
    const rs = await this.client.execute("SELECT count(*) AS n, max(id) AS id, max(updated_at) AS at FROM webhooks");
    const row = rs.rows[0]!;
    const version = `${row.n}:${row.id}:${row.at}`;
    if (version !== this.version) {
      this.webhooks = new Map((await this.repository.list()).map((w) => [w.id, w]));
      this.version = version;
    }
    return this.webhooks;
  }
}
