import type { Client, InStatement, ResultSet } from "@libsql/client";
import { GroupCommit } from "../db/group-commit.ts";
import { insertedKeys, readBack } from "../db/inserted-keys.ts";
import { listStatement, valuesLists } from "../db/values-lists.ts";
import { inWriteTransaction } from "../db/write-transaction.ts";
import { deliveriesFor, fanOut, type DeliveryHandOff, type StatementRunner } from "./fan-out.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookEvent } from "./event.ts";
import { storedSize } from "./stored-event.ts";

/** Whether an event was stored now, or its uuid was already known (an idempotent repeat). */
export type AppendResult = "stored" | "duplicate";

/** An event with its data as stored (JSON), and that data's size (see storedSize). */
interface SizedEvent {
  event: WebhookEvent;
  data: string;
  size: number;
}

/**
 * The inserts that store the events (a known uuid is skipped), each with the uuids of its
 * rows in order. Given the `webhooks` their transaction fans out to, each event is stored
 * done, with the deliveries it is to make; without, it is left to the dispatcher.
 */
function insertStatements(events: SizedEvent[], receivedAt: number, webhooks: Webhook[] | null): { statement: InStatement; uuids: string[] }[] {
  const fannedOutAt = webhooks ? receivedAt : null;
  const rows = events.map(({ event: e, data }) => [
    e.uuid,
    e.type,
    e.ticketId,
    Date.parse(e.createdAt),
    data,
    webhooks && deliveriesFor(e, webhooks),
    receivedAt,
    fannedOutAt,
  ]);
  return [...valuesLists(rows)].map((list) => ({
    statement: { sql: insertEvents(list.values), args: list.args },
    uuids: list.rows.map((row) => row[0] as string),
  }));
}

const insertEvents = listStatement(
  (values) => `INSERT INTO events (uuid, type, ticket_id, created_at, data, deliveries_made, received_at, fanned_out_at)
    VALUES ${values} ON CONFLICT (uuid) DO NOTHING`,
);

/** The keys and uuids of the events an insert of `uuids` stored (see db/inserted-keys.ts). */
async function storedKeys(tx: StatementRunner, uuids: string[], rs: ResultSet): Promise<{ id: number; uuid: string }[]> {
  const keys = insertedKeys(rs, uuids.length);
  if (keys.kind === "none") return [];
  if (keys.kind === "all") return uuids.map((uuid, i) => ({ id: keys.first + i, uuid }));
  const { rows } = await tx.execute(readBack("events", "id, uuid", keys));
  return rows.map((row) => ({ id: Number(row.id), uuid: String(row.uuid) }));
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

/** Events one storing transaction holds at most. */
const MAX_EVENTS_PER_GROUP = 5_000;
/**
 * Deliveries one storing transaction is meant to create at most: requests share a
 * transaction only while their events times the webhooks stay under it (a request alone
 * always goes whole). With 100 webhooks, five requests of 1,000 events were one transaction
 * of 500,000 deliveries, which held the database for seconds.
 */
const MAX_DELIVERIES_PER_GROUP = 50_000;

/**
 * The durable event queue's entrance. Appends from concurrent requests share one
 * transaction (group commit), which also creates their deliveries, so an event costs
 * one fsync before it can be sent; a promise resolves only once its events are committed.
 */
export class EventStore {
  private readonly commits: GroupCommit<WebhookEvent, AppendResult>;
  /** Enabled webhooks the last transaction fanned out to: what the next group's events each cost. */
  private webhookCount = 0;

  /**
   * `onQueued`: called once a group is committed that left work to the dispatcher's passes
   * (events not fanned out, deliveries not handed over); one handed over whole needs none.
   */
  constructor(
    private readonly client: Client,
    private readonly now: () => Date,
    private readonly fanOutTargets: FanOutTargets = async () => null,
    private readonly onQueued: () => void = () => {},
  ) {
    this.commits = new GroupCommit(async (events) => {
      const receivedAt = this.now().getTime();
      const targets = await this.fanOutTargets();
      const webhooks = targets ? [...targets.webhooks] : [];
      this.webhookCount = webhooks.filter((w) => w.enabled).length;
      const sized = events.map((event) => {
        const data = JSON.stringify(event.data);
        return { event, data, size: storedSize(data) };
      });
      const firstOf = new Map<string, SizedEvent>();
      for (const e of sized) if (!firstOf.has(e.event.uuid)) firstOf.set(e.event.uuid, e); // the first of a repeated uuid is the one stored
      const inserts = insertStatements(sized, receivedAt, targets ? webhooks : null);
      const { inserted, claimed, created } = await inWriteTransaction(this.client, async (tx) => {
        const inserted: { id: number; uuid: string }[] = [];
        for (const { statement, uuids } of inserts) inserted.push(...(await storedKeys(tx, uuids, await tx.execute(statement))));
        if (!targets) return { inserted, claimed: [], created: 0 };
        const keys = new Map(inserted.map((row) => [row.uuid, row.id]));
        // in the order received; a uuid already known was not stored
        const stored = [...firstOf.values()].flatMap(({ event: e, size }) => (keys.has(e.uuid) ? [{ ...e, id: keys.get(e.uuid)!, size }] : []));
        return { inserted, ...(await fanOut(tx, stored, webhooks, receivedAt, "just_stored", targets.handOff ?? undefined)) };
      });
      if (targets?.handOff) {
        const byId = new Map(inserted.map((row) => [row.id, firstOf.get(row.uuid)!]));
        targets.handOff.take(
          claimed.map((pair) => {
            const { event, size } = byId.get(pair.eventId)!;
            return { ...pair, event, size };
          }),
        );
      }
      if (targets ? created > claimed.length : inserted.length > 0) this.onQueued();
      const stored = new Set(inserted.map((row) => row.uuid));
      // a uuid twice in one group: the first is stored, the second is the repeat
      return events.map((e) => (stored.delete(e.uuid) ? "stored" : "duplicate"));
    }, () => this.groupLimit());
  }

  /** Events the next group may hold: fewer the more webhooks each fans out to (learnt from the last group). */
  private groupLimit(): number {
    return Math.min(MAX_EVENTS_PER_GROUP, Math.max(1, Math.floor(MAX_DELIVERIES_PER_GROUP / Math.max(1, this.webhookCount))));
  }

  append(events: WebhookEvent[]): Promise<AppendResult[]> {
    return this.commits.submit(events);
  }
}
