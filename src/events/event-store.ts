import type { Client, InStatement } from "@libsql/client";
import { GroupCommit } from "../db/group-commit.ts";
import { fanOutStatements, type DeliveryHandOff } from "../delivery/fan-out.ts";
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
 * Where new events go in the transaction that stores them: the webhooks to fan them out
 * to, and optionally the dispatcher that takes the deliveries it can send at once. Null
 * leaves the fan-out to the dispatcher (the feature is off, or nothing is running).
 */
export type FanOutTargets = () => Promise<{
  webhooks: Iterable<Webhook>;
  handOff: DeliveryHandOff | null;
} | null>;

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
      const fanOut = targets ? fanOutStatements(events, targets.webhooks, receivedAt, targets.handOff ?? undefined) : [];
      const results = await this.client.batch([...inserts, ...fanOut], "write");
      if (targets?.handOff) {
        const byUuid = new Map<string, WebhookEvent>();
        for (const e of events) if (!byUuid.has(e.uuid)) byUuid.set(e.uuid, e); // the first of a repeated uuid is the one stored
        const created = results.slice(inserts.length, -1).flatMap((r) => r.rows);
        targets.handOff.take(
          created
            .filter((row) => row.claimed_by !== null)
            .map((row) => ({ id: Number(row.id), webhookId: Number(row.webhook_id), event: byUuid.get(String(row.event_uuid))! })),
        );
      }
      const stored = new Set(results.slice(0, inserts.length).flatMap((r) => r.rows.map((row) => String(row.uuid))));
      // a uuid twice in one group: the first is stored, the second is the repeat
      return events.map((e) => (stored.delete(e.uuid) ? "stored" : "duplicate"));
    });
  }

  append(events: WebhookEvent[]): Promise<AppendResult[]> {
    return this.commits.submit(events);
  }
}
