import type { Client, InStatement } from "@libsql/client";
import { GroupCommit } from "../db/group-commit.ts";
import { fanOutStatements } from "../delivery/fan-out.ts";
import type { Webhook } from "../webhooks/model.ts";
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
 * The webhooks to fan new events out to in the same transaction that stores them, or
 * null to leave that to the dispatcher (the feature is off, or nothing is running).
 */
export type FanOutTargets = () => Promise<Iterable<Webhook> | null>;

/**
 * The durable event queue's entrance. Appends from concurrent requests share one
 * transaction (group commit), which also creates their deliveries, so an event costs
 * one fsync before it can be sent; a promise resolves only once its events are committed.
 */
export class EventStore {
  private readonly commits: GroupCommit<WebhookEvent, AppendResult>;

  constructor(
    private readonly client: Client,
    private readonly now: () => Date,
    private readonly fanOutTargets: FanOutTargets = async () => null,
  ) {
    this.commits = new GroupCommit(async (events) => {
      const receivedAt = this.now().getTime();
      const targets = await this.fanOutTargets();
      const inserts = events.map((e) => insertStatement(e, receivedAt));
      const fanOut = targets ? fanOutStatements(events, targets, receivedAt) : [];
      const results = await this.client.batch([...inserts, ...fanOut], "write");
      return results.slice(0, events.length).map((r) => (r.rowsAffected > 0 ? "stored" : "duplicate"));
    });
  }

  append(events: WebhookEvent[]): Promise<AppendResult[]> {
    return this.commits.submit(events);
  }
}
