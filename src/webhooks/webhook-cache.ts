import type { Client } from "@libsql/client";
import type { Webhook } from "./model.ts";
import type { WebhookRepository } from "./repository.ts";

/**
 * The webhooks, reloaded (and passwords decrypted) only when the table changed: every
 * change bumps a row's revision, and a deletion or insertion moves the count or the
 * highest id. The check is one small aggregate, so the dispatcher asks on every pass and
 * still sees edits made through the API or by another instance at once.
 */
export class WebhookCache {
  private version = "";
  private webhooks = new Map<number, Webhook>();

  constructor(
    private readonly client: Client,
    private readonly repository: WebhookRepository,
  ) {}

  async all(): Promise<Map<number, Webhook>> {
    const rs = await this.client.execute("SELECT count(*) AS n, max(id) AS id, total(revision) AS revisions FROM webhooks");
    const row = rs.rows[0]!;
    const version = `${row.n}:${row.id}:${row.revisions}`;
    if (version !== this.version) {
      this.webhooks = new Map((await this.repository.list()).map((w) => [w.id, w]));
      this.version = version;
    }
    return this.webhooks;
  }
}
