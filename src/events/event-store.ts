import type { Client, InStatement } from "@libsql/client";
import { GroupCommit } from "../db/group-commit.ts";
import { fanOutStatements } from "../delivery/fan-out.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookEvent } from "./event.ts";

/** Whether an event was stored now, or its uuid was already known (an idempotent repeat). */
export type AppendResult = "stored" | "duplicate";

/** Events per INSERT: six parameters each stays below SQLite's limit of 32,766. */
const EVENTS_PER_STATEMENT = 1000;

/** Multi-row inserts that return the uuids they stored (a known uuid is skipped). */
function insertStatements(events: WebhookEvent[], receivedAt: number): InStatement[] {
  const statements: InStatement[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_STATEMENT) {
    const chunk = events.slice(i, i + EVENTS_PER_STATEMENT);
    statements.push({
      sql: `INSERT INTO events (uuid, type, ticket_id, created_at, data, received_at)
            VALUES ${chunk.map(() => "(?,?,?,?,?,?)").join(",")} ON CONFLICT (uuid) DO NOTHING RETURNING uuid`,
      args: chunk.flatMap((e) => [e.uuid, e.type, e.ticketId, Date.parse(e.createdAt), JSON.stringify(e.data), receivedAt]),
    });
  }
  return statements;
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
      const inserts = insertStatements(events, receivedAt);
      const fanOut = targets ? fanOutStatements(events, targets, receivedAt) : [];
      const results = await this.client.batch([...inserts, ...fanOut], "write");
      const stored = new Set(results.slice(0, inserts.length).flatMap((r) => r.rows.map((row) => String(row.uuid))));
      // a uuid twice in one group: the first is stored, the second is the repeat
      return events.map((e) => (stored.delete(e.uuid) ? "stored" : "duplicate"));
    });
  }

  append(events: WebhookEvent[]): Promise<AppendResult[]> {
    return this.commits.submit(events);
  }
}
