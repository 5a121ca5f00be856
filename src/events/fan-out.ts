import type { InStatement, InValue, ResultSet } from "@libsql/client";
import { insertedKeys, readBack } from "../db/inserted-keys.ts";
import { listColumns, listStatement, MAX_LIST_ROWS, valuesLists } from "../db/values-lists.ts";
import { ofUnfinishedOfTicket } from "../db/ticket-order.ts";
import type { FilteredOut } from "../db/webhook-choices.ts";
import { matchesEventPattern } from "./catalogue.ts";
import { applyFilter, type FilterableEvent } from "./event-filter.ts";
import type { Webhook } from "../webhooks/model.ts";
import type { WebhookEvent } from "./event.ts";

/**
 * An event to fan out: what webhooks subscribe to and what their filters read, with its
 * key and its size (see storedSize, stored-event.ts): what holding it in memory costs.
 */
export type FanOutEvent = FilterableEvent & { id: number; size: number };

/**
 * Lets the fan-out create deliveries already claimed by this process's dispatcher, which
 * then sends them from memory at once instead of finding and claiming them in the
 * database. It says, pair by pair, which to claim: as many as it would hold.
 */
export interface DeliveryHandOff {
  owner: string;
  claimExpiresAt: number;
  /** Whether to claim the delivery of an event of `size` (see FanOutEvent) to the webhook. */
  wants(webhookId: number, size: number): boolean;
  /** Called once the transaction committed, with the claimed deliveries it created. */
  take(deliveries: HandedOffDelivery[]): void;
}

/** A delivery the fan-out created claimed for the hand-off. */
export interface ClaimedPair {
  id: number;
  eventId: number;
  webhookId: number;
}

export interface HandedOffDelivery extends ClaimedPair {
  event: WebhookEvent;
  size: number;
}

/**
 * Which events a fan-out covers. `waiting`: events others queued (the `emit` command),
 * which another instance may be fanning out too, so each is taken only while still not
 * fanned out, and marked done last. `just_stored`: events its own transaction stored,
 * already marked done with the deliveries they are to make (`deliveries_made`), so
 * nothing is written to them again unless a webhook went away meanwhile.
 */
export type FanOutOf = "waiting" | "just_stored";

/** SQL: the condition on event `e` for a fan-out `of` (those this very transaction stored are its own). */
const stillWaiting = (of: FanOutOf, e: string) => (of === "waiting" ? ` AND ${e}.fanned_out_at IS NULL` : "");

/**
 * Deliveries one INSERT creates at most. A request of 1,000 events to 100 webhooks makes
 * 100,000: they are made a list at a time, each once the previous one ran, so memory
 * stays bounded whatever the events times the webhooks.
 */
export const PAIRS_PER_STATEMENT = MAX_LIST_ROWS;
/** Filter notes one statement writes at most, for the same reason. */
export const NOTES_PER_STATEMENT = 1_000;

/** Where a fan-out runs its statements: one write transaction, so all of it stays or none. */
export interface StatementRunner {
  execute(stmt: InStatement): Promise<ResultSet>;
}

/**
 * Turns events into deliveries (one row per enabled webhook whose events match), in the
 * transaction of `tx`, and sees that the events say how many they made (see `FanOutOf`).
 * Of waiting events only those still to fan out count, so running it twice changes
 * nothing; the unique (event, webhook) key is the last guard. A webhook deleted or
 * switched off since the list was read gets none. Returns the deliveries it created
 * claimed for `handOff` (those not held back by an earlier delivery of their ticket), and
 * how many it created in all.
 */
export async function fanOut(
  tx: StatementRunner,
  events: FanOutEvent[],
  webhooks: Iterable<Webhook>,
  now: number,
  of: FanOutOf,
  handOff?: DeliveryHandOff,
): Promise<{ claimed: ClaimedPair[]; created: number }> {
  const claimed: ClaimedPair[] = [];
  const progress = { created: 0 };
  for (const { statement, inserts } of fanOutStatements(events, webhooks, now, of, handOff, progress)) {
    const rs = await tx.execute(statement);
    if (!inserts) continue;
    progress.created += rs.rowsAffected;
    if (inserts.claims) claimed.push(...(await claimedBy(tx, inserts.pairs, rs)));
  }
  return { claimed, created: progress.created };
}

/**
 * The deliveries an INSERT of `pairs` created claimed (see db/inserted-keys.ts). Those
 * asked to be claimed are, unless an earlier delivery of their ticket was unfinished: the
 * few left unclaimed among the keys it used are looked up.
 */
async function claimedBy(tx: StatementRunner, pairs: readonly InValue[][], rs: ResultSet): Promise<ClaimedPair[]> {
  const keys = insertedKeys(rs, pairs.length);
  if (keys.kind === "none") return [];
  if (keys.kind === "some") {
    const { rows } = await tx.execute(readBack("deliveries", "id, event_id, webhook_id, claimed_by", keys));
    return rows.flatMap((row) => (row.claimed_by === null ? [] : [{ id: Number(row.id), eventId: Number(row.event_id), webhookId: Number(row.webhook_id) }]));
  }
  const last = keys.first + pairs.length - 1;
  const unclaimed = await tx.execute({ sql: "SELECT id FROM deliveries WHERE id BETWEEN ? AND ? AND claimed_by IS NULL", args: [keys.first, last] });
  const held = new Set(unclaimed.rows.map((row) => Number(row.id)));
  return pairs.flatMap((pair, i) =>
    pair[5] === null || held.has(keys.first + i) ? [] : [{ id: keys.first + i, eventId: Number(pair[0]), webhookId: Number(pair[1]) }],
  );
}

/**
 * How many deliveries the event makes: one per enabled webhook that subscribes to its type
 * and whose filter lets it through. What the events of a `just_stored` fan-out are stored with.
 */
export function deliveriesFor(event: FilterableEvent, webhooks: readonly Webhook[]): number {
  let count = 0;
  for (const webhook of webhooks) if (webhook.enabled && takes(webhook, event)) count++;
  return count;
}

/** A statement of the fan-out; `inserts`: it makes deliveries of these pairs, and whether it claims any. */
interface FanOutStatement {
  statement: InStatement;
  inserts?: { pairs: readonly InValue[][]; claims: boolean };
}

/**
 * The fan-out's statements, each made when the one before has run: deliveries and filter
 * notes in slices, then the events marked done (`waiting`), or, should fewer deliveries
 * have been created than the events were stored with (`just_stored`: a webhook switched
 * off or deleted since the list was read), their counts made right. `progress` holds the
 * deliveries the statements run so far created.
 */
function* fanOutStatements(
  events: FanOutEvent[],
  webhooks: Iterable<Webhook>,
  now: number,
  of: FanOutOf,
  handOff: DeliveryHandOff | undefined,
  progress: { readonly created: number },
): Generator<FanOutStatement> {
  if (events.length === 0) return;
  const enabled = [...webhooks].filter((w) => w.enabled);
  let pairs: InValue[][] = [];
  let planned = 0;
  let turnedAway: [eventId: number, FilteredOut[]][] = [];
  let notes = 0;
  const earlierOfTicket = new Map<string, FanOutEvent[]>();
  for (const event of events) {
    const sameTicket = event.ticketId === "" ? undefined : earlierOfTicket.get(event.ticketId);
    let filteredOut: FilteredOut[] | undefined;
    for (const webhook of enabled) {
      if (!subscribes(webhook, event.type)) continue;
      const verdict = webhook.filter.length === 0 ? null : applyFilter(webhook.filter, event);
      if (verdict && !verdict.passes) {
        (filteredOut ??= []).push({ webhook_id: webhook.id, webhook_name: webhook.name, reason: verdict.reason });
        continue;
      }
      const claim = handOff && !waitsInBatch(webhook, sameTicket) && handOff.wants(webhook.id, event.size);
      pairs.push([event.id, webhook.id, webhook.name, event.type, event.ticketId, ...(claim ? [handOff.owner, handOff.claimExpiresAt] : [null, null])]);
      planned++;
      if (pairs.length < PAIRS_PER_STATEMENT) continue;
      yield* insertDeliveries(pairs, now, of);
      pairs = [];
    }
    if (sameTicket) sameTicket.push(event);
    else if (event.ticketId !== "") earlierOfTicket.set(event.ticketId, [event]);
    if (!filteredOut) continue;
    // noted while the events still count as to be fanned out: marking them done comes last
    turnedAway.push([event.id, filteredOut]);
    notes += filteredOut.length;
    if (notes < NOTES_PER_STATEMENT) continue;
    yield noteFilteredOut(turnedAway, of);
    turnedAway = [];
    notes = 0;
  }
  yield* insertDeliveries(pairs, now, of);
  if (turnedAway.length > 0) yield noteFilteredOut(turnedAway, of);
  if (of === "waiting") yield markFannedOut(events, now);
  else if (progress.created !== planned) yield countDeliveriesMade(events);
}

/**
 * Inserts the pairs' deliveries, claimed (`p.column6`, `p.column7`) only when no earlier
 * delivery of its ticket is unfinished (see db/ticket-order.ts), looked up once per pair,
 * as a join both claim columns read. Earlier events of a list's own ticket were left
 * unclaimed by `waitsInBatch`: a statement need not see the rows it inserts itself. Rows
 * are inserted in the pairs' order, so ids follow the order the events were received,
 * which the order per ticket relies on: the pairs are the outer loop, each joined by key
 * to one row at most (a test of the query plan holds it; an ORDER BY would sort every row
 * in a temporary b-tree); so the keys a list used tell which pair each row is (see
 * `claimedBy`).
 */
function* insertDeliveries(pairs: InValue[][], now: number, of: FanOutOf): Generator<FanOutStatement> {
  for (const list of valuesLists(pairs)) {
    const claims = list.rows.some((pair) => pair[5] !== null);
    yield { statement: { sql: INSERT_DELIVERIES[of](list.values), args: [now, now, now, ...list.args] }, inserts: { pairs: list.rows, claims } };
  }
}

function insertDeliveriesText(of: FanOutOf) {
  const earlier = `CASE WHEN p.column6 IS NOT NULL AND e.ticket_id <> '' AND w.ordering = 'ticket'
    THEN (${ofUnfinishedOfTicket("unfinished.id", "w.id", "e.ticket_id")} LIMIT 1) END`;
  const claim = (column: number) => `CASE WHEN earlier.id IS NULL THEN p.column${column} END`;
  return listStatement(
    (values) => `INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, ticket_id, claimed_by, claim_expires_at,
        status, next_attempt_at, created_at, updated_at)
      SELECT e.id, ${listColumns(4, "p", 2)}, ${claim(6)}, ${claim(7)}, 'pending', ?, ?, ?
      FROM (VALUES ${values}) AS p JOIN events e ON e.id = p.column1${stillWaiting(of, "e")}
        JOIN webhooks w ON w.id = p.column2 AND w.enabled = 1
        LEFT JOIN deliveries earlier ON earlier.id = ${earlier}
      WHERE true ON CONFLICT DO NOTHING`,
  );
}

/** The fan-out's INSERT by what it covers. */
const INSERT_DELIVERIES: Record<FanOutOf, (values: string) => string> = {
  waiting: insertDeliveriesText("waiting"),
  just_stored: insertDeliveriesText("just_stored"),
};

/** Records which webhooks' filters turned each event away, and why, for the event's view. */
function noteFilteredOut(turnedAway: [number, FilteredOut[]][], of: FanOutOf): FanOutStatement {
  const statement = {
    sql: `UPDATE events SET filtered_out = p.value->>1 FROM json_each(?) AS p WHERE events.id = p.value->>0${stillWaiting(of, "events")}`,
    args: [JSON.stringify(turnedAway.map(([id, out]) => [id, JSON.stringify(out)]))],
  };
  return { statement };
}

/** Whether the webhook makes a delivery of the event: it subscribes to its type and its filter lets it through. */
function takes(webhook: Webhook, event: FilterableEvent): boolean {
  return subscribes(webhook, event.type) && (webhook.filter.length === 0 || applyFilter(webhook.filter, event).passes);
}

function subscribes(webhook: Webhook, type: string): boolean {
  return webhook.events.some((p) => matchesEventPattern(p, type));
}

/**
 * Whether the pair waits for a delivery the same batch creates, so the hand-off must not
 * claim it: the webhook keeps its tickets' order and gets one of `earlier`, the batch's
 * earlier events of the same ticket. Looked up per event, not per pair: most events are
 * the first of their ticket in a batch.
 */
function waitsInBatch(webhook: Webhook, earlier: FanOutEvent[] | undefined): boolean {
  return earlier !== undefined && webhook.ordering === "ticket" && earlier.some((e) => takes(webhook, e));
}

/** SQL: how many deliveries each event led to. */
const MADE = "(SELECT count(*) FROM deliveries d WHERE d.event_id = events.id)";
const idsJson = (events: FanOutEvent[]) => JSON.stringify(events.map((e) => e.id));

/** Marks the waiting events done, with how many deliveries each led to (0: matched no webhook). */
function markFannedOut(events: FanOutEvent[], now: number): FanOutStatement {
  const statement = {
    sql: `UPDATE events SET fanned_out_at = ?, deliveries_made = ${MADE}
          WHERE fanned_out_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
    args: [now, idsJson(events)],
  };
  return { statement };
}

/** Counts the deliveries the events made anew, for events stored counting on more. */
function countDeliveriesMade(events: FanOutEvent[]): FanOutStatement {
  return { statement: { sql: `UPDATE events SET deliveries_made = ${MADE} WHERE id IN (SELECT value FROM json_each(?))`, args: [idsJson(events)] } };
}
