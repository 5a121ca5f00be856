import type { Client, InStatement } from "@libsql/client";
import { GroupCommit } from "../db/group-commit.ts";
import type { WebhookEvent } from "./event.ts";

/** Whether an event was stored now, or its uuid was already known (an idempotent repeat). */
export type AppendResult = "stored" | "duplicate";

function insertStatement(event: WebhookEvent, receivedAt: number): InStatement {
  return {
    sql: `INSERT INTO events (uuid, type, ticket_id, created_at, data, received_at)
          VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
    args: [event.uuid, event.type, event.ticketId, Date.parse(event.createdAt), JSON.stringify(event.data), receivedAt],
  };
}

/**
 * The durable event queue's entrance. Appends from concurrent requests share one
 * transaction (group commit); a promise resolves only once its events are committed.
 */
export class EventStore {
  private readonly commits: GroupCommit<WebhookEvent, AppendResult>;

  constructor(
    private readonly client: Client,
    private readonly now: () => Date,
  ) {
    this.commits = new GroupCommit(async (events) => {
      const receivedAt = this.now().getTime();
      const results = await this.client.batch(events.map((e) => insertStatement(e, receivedAt)), "write");
      return results.map((r) => (r.rowsAffected > 0 ? "stored" : "duplicate"));
    });
  }

  append(events: WebhookEvent[]): Promise<AppendResult[]> {
    return this.commits.submit(events);
  }
}
