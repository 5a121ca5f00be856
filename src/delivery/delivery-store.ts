import type { Client, Row } from "@libsql/client";
import type { WebhookEvent } from "../events/event.ts";
import { eventFromRow, storedData } from "../events/stored-event.ts";
import { heldBack } from "../db/ticket-order.ts";
import { fanOut } from "../events/fan-out.ts";
import { inWriteTransaction } from "../db/write-transaction.ts";
import type { Webhook } from "../webhooks/model.ts";

/** A delivery this instance has claimed and now sends. */
export interface ClaimedDelivery {
  id: number;
  eventId: number;
  webhookId: number;
  attempts: number;
  retryBase: number;
  /** Claims on it taken back after their holder died (see `CRASH_LIMIT`). */
  crashes: number;
}

/**
 * A delivery whose claim was taken back after a crash this often is failed instead of
 * sent again: its sending may be what kills the service, which would otherwise die at
 * every restart.
 */
export const CRASH_LIMIT = 3;
export const CRASH_LIMIT_ERROR = `the service stopped while sending this, ${CRASH_LIMIT} times`;

const ACTIVE = "status IN ('pending', 'retrying')";
/** Due and free (with `ACTIVE`): checked again as it is claimed, since another instance may have sent it since it was found due. */
const DUE_AND_FREE = "next_attempt_at <= :now AND (claimed_by IS NULL OR claim_expires_at < :now)";

/**
 * Up to `:limit` claimable deliveries of webhook `:webhook` after its first `:skip`, oldest
 * due first, by its due index. None while the webhook is switched off (410 Gone, another
 * instance) since the caller looked; for a webhook keeping its tickets' order, none that
 * waits for an earlier delivery of its ticket. The text is the same for every webhook, so
 * a compiled statement serves them all.
 */
function dueOfWebhook(inTicketOrder: boolean): string {
  return `SELECT id FROM deliveries d WHERE webhook_id = :webhook AND ${ACTIVE} AND ${DUE_AND_FREE}
    AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = :webhook AND w.enabled = 1)${inTicketOrder ? ` AND NOT ${heldBack("d", ":webhook")}` : ""}
    ORDER BY next_attempt_at LIMIT :limit OFFSET :skip`;
}
const DUE = dueOfWebhook(false);
const DUE_IN_TICKET_ORDER = dueOfWebhook(true);

/**
 * Claims as a JSON argument of [id, lease end] rows, read by `json_each(?) AS v`; with
 * `HELD_CLAIM` (the owner its next argument) a statement touches each only while that very
 * claim holds.
 */
function claimsJson(claims: { id: number; claimExpiresAt: number }[]): string {
  return JSON.stringify(claims.map((c) => [c.id, c.claimExpiresAt]));
}
const HELD_CLAIM = "deliveries.id = v.value->>0 AND claimed_by = ? AND claim_expires_at = v.value->>1";

/** How many of the first `sizes` fit in `bytes` together (`oneAnyway`: the first whatever its size). */
function fitting(sizes: number[], bytes: number, oneAnyway: boolean): number {
  let total = 0;
  let count = 0;
  while (count < sizes.length && (total + sizes[count]! <= bytes || (oneAnyway && count === 0))) total += sizes[count++]!;
  return count;
}

/**
 * The queue's SQL: turning events into deliveries, finding and claiming due ones. A
 * claim carries the instance's id and a lease, so work of an instance that died is
 * taken over once its lease runs out, and nothing is sent by two instances at once.
 */
export class DeliveryStore {
  constructor(private readonly client: Client) {}

  /**
   * Creates one delivery per enabled webhook whose events match, for up to `limit`
   * events not yet fanned out, and marks those events done, in one transaction. The
   * unique (event, webhook) key makes a repeat harmless. Returns how many events it took.
   * Their data is read only for a filter to look at, and then only as much of it as
   * `dataBytes` holds (the first event whatever its size): queued events of up to a
   * megabyte each are taken a few at a time, not by the hundred.
   */
  async fanOut(webhooks: Iterable<Webhook>, now: number, limit: number, dataBytes: number): Promise<number> {
    const rs = await this.client.execute({
      sql: "SELECT id, uuid, type, ticket_id, created_at, octet_length(data) AS size FROM events WHERE fanned_out_at IS NULL ORDER BY received_at LIMIT ?",
      args: [limit],
    });
    if (rs.rows.length === 0) return 0;
    const targets = [...webhooks];
    const filtered = targets.some((w) => w.filter.length > 0);
    const rows = filtered ? rs.rows.slice(0, fitting(rs.rows.map((r) => Number(r.size)), dataBytes, true)) : rs.rows;
    const data = filtered ? await this.eventData(rows.map((r) => Number(r.id))) : new Map<number, Record<string, unknown>>();
    const events = rows.map((r) => ({
      id: Number(r.id),
      uuid: String(r.uuid),
      type: String(r.type),
      ticketId: String(r.ticket_id ?? ""),
      createdAt: new Date(Number(r.created_at)).toISOString(),
      data: data.get(Number(r.id)) ?? {},
      size: Number(r.size),
    }));
    await inWriteTransaction(this.client, (tx) => fanOut(tx, events, targets, now, "waiting"));
    return rows.length;
  }

  /** The events' data by their key; data another process stored unreadable is empty (see storedData). */
  private async eventData(ids: number[]): Promise<Map<number, Record<string, unknown>>> {
    const rs = await this.client.execute({
      sql: "SELECT id, data FROM events WHERE id IN (SELECT value FROM json_each(?))",
      args: [JSON.stringify(ids)],
    });
    return new Map(rs.rows.map((r) => [Number(r.id), storedData(r.data)]));
  }

  /**
   * Up to `limit` due, unclaimed deliveries of each webhook, oldest due first, after the
   * first `skip` of its own. Asking per webhook keeps one endpoint's backlog from hiding
   * the others' work. Of the webhooks in `ordered` (those keeping their tickets' order, as
   * the caller read them), a delivery waiting for an earlier one of its ticket is not due.
   */
  async dueDeliveries(
    limits: Map<number, number>,
    ordered: ReadonlySet<number>,
    now: number,
    skip: ReadonlyMap<number, number> = new Map(),
  ): Promise<Map<number, number[]>> {
    const entries = [...limits].filter(([, limit]) => limit > 0);
    if (entries.length === 0) return new Map();
    // a statement per webhook, of one text for all: each walks its webhook's due index
    const results = await this.client.batch(
      entries.map(([webhookId, limit]) => ({
        sql: ordered.has(webhookId) ? DUE_IN_TICKET_ORDER : DUE,
        args: { webhook: webhookId, now, limit, skip: skip.get(webhookId) ?? 0 },
      })),
      "read",
    );
    return new Map(entries.map(([webhookId], i) => [webhookId, results[i]!.rows.map((row) => Number(row.id))]));
  }

  /**
   * When the next delivery falls due (null: none waiting), so the loop can sleep until
   * then: the earliest of each enabled webhook's, each read from the queue index.
   */
  async nextDueAt(now: number): Promise<number | null> {
    const rs = await this.client.execute({
      sql: `SELECT min(next) AS next FROM (
              SELECT (SELECT next_attempt_at FROM deliveries WHERE webhook_id = w.id AND ${ACTIVE} AND next_attempt_at > ?
                      ORDER BY next_attempt_at LIMIT 1) AS next
              FROM webhooks w WHERE w.enabled = 1)`,
      args: [now],
    });
    const next = rs.rows[0]?.next;
    return next === null || next === undefined ? null : Number(next);
  }

  /**
   * After this instance's clock was set by `jumpMs` (to `now`): its retries move with
   * the clock, so each falls due as long from now as it was going to; what was due stays
   * due; and the webhooks' runs of failures keep their length. Retries other instances
   * timed keep theirs: their clocks did not move. (Only on a jump: walks the queue.)
   */
  async followClockJump(jumpMs: number, now: number, owner: string): Promise<void> {
    const args = { jump: jumpMs, now, wouldBe: now - jumpMs, owner };
    await this.client.batch(
      [
        // set back: what was due must not wait for the clock to come round again (first, so
        // the retries moved next stay as moved). A pending delivery was due when this clock
        // made it; one put off to a stopped instance's lease end is left to that lease.
        {
          sql: `UPDATE deliveries INDEXED BY deliveries_webhook_due_idx SET next_attempt_at = :now
                WHERE ${ACTIVE} AND next_attempt_at > :now AND next_attempt_at <= :wouldBe
                  AND (status = 'pending' OR scheduled_by = :owner)`,
          args,
        },
        {
          sql: `UPDATE deliveries INDEXED BY deliveries_webhook_due_idx SET next_attempt_at = next_attempt_at + :jump
                WHERE ${ACTIVE} AND status = 'retrying' AND scheduled_by = :owner AND next_attempt_at > :wouldBe`,
          args,
        },
        { sql: "UPDATE webhooks SET failing_since = failing_since + :jump WHERE failing_since IS NOT NULL", args },
      ],
      "write",
    );
  }

  /**
   * Claims the given deliveries for `owner` until `now + leaseMs`; returns those it won.
   * A claim whose lease lapsed is a crash's (its holder died): it counts. Whether one
   * waits for an earlier delivery of its ticket is not asked again: an earlier one turns
   * unfinished only by a resend, which a delivery found due just before does not wait for.
   * (`+status`: each row is found by its id; the queue index would walk a webhook's queue.)
   */
  async claim(ids: number[], owner: string, now: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    if (ids.length === 0) return [];
    const rs = await this.client.execute({
      sql: `UPDATE deliveries SET claimed_by = :owner, claim_expires_at = :expires, crashes = crashes + (claimed_by IS NOT NULL)
            WHERE id IN (SELECT value FROM json_each(:ids)) AND +${ACTIVE} AND ${DUE_AND_FREE}
            RETURNING id, event_id, webhook_id, attempts, retry_base, crashes`,
      args: { owner, expires: now + leaseMs, now, ids: JSON.stringify(ids) },
    });
    return rs.rows.map(toClaimed);
  }

  /**
   * Gives back claims `owner` took but will not send now, so they are due again at once.
   * Only the very claims given (same lease end): one this owner took again since stays.
   */
  async release(claims: { id: number; claimExpiresAt: number }[], owner: string): Promise<void> {
    await this.giveBack(claims, owner, "");
  }

  /**
   * Gives back claims whose requests a stop cut off: due again when their leases end, so
   * no instance sends them while a request may still be reaching its receiver, and not
   * taken back after a restart as a crash's.
   */
  async releaseAtLeaseEnd(claims: { id: number; claimExpiresAt: number }[], owner: string): Promise<void> {
    await this.giveBack(claims, owner, ", next_attempt_at = v.value->>1");
  }

  private async giveBack(claims: { id: number; claimExpiresAt: number }[], owner: string, alsoSet: string): Promise<void> {
    if (claims.length === 0) return;
    await this.client.execute({
      sql: `UPDATE deliveries SET claimed_by = NULL, claim_expires_at = NULL${alsoSet}
            FROM json_each(?) AS v
            WHERE ${HELD_CLAIM}`,
      args: [claimsJson(claims), owner],
    });
  }

  /**
   * Takes back the claims `owner` still holds as it starts: it died holding them (a clean
   * stop gives its claims back), so each counts as a crash; its deliveries are due again
   * at once, not after the lease.
   */
  async releaseClaims(owner: string): Promise<number> {
    const rs = await this.client.execute({
      // claims are only ever held on unfinished rows: the queue index lists just those
      sql: `UPDATE deliveries INDEXED BY deliveries_webhook_due_idx SET claimed_by = NULL, claim_expires_at = NULL, crashes = crashes + 1
            WHERE ${ACTIVE} AND claimed_by = ?`,
      args: [owner],
    });
    return rs.rowsAffected;
  }

  /** Fails deliveries `owner` claimed, with `error`, while the claims hold: those that reached `CRASH_LIMIT`. */
  async failClaimed(claims: { id: number; claimExpiresAt: number }[], owner: string, error: string, now: number): Promise<void> {
    if (claims.length === 0) return;
    await this.client.execute({
      sql: `UPDATE deliveries SET status = 'failed', error = ?, next_attempt_at = NULL, finished_at = ?, updated_at = ?,
              claimed_by = NULL, claim_expires_at = NULL
            FROM json_each(?) AS v
            WHERE ${HELD_CLAIM}`,
      args: [error, now, now, claimsJson(claims), owner],
    });
  }

  /**
   * Queues a delivery again with a fresh retry budget, and a fresh count of crashes (a
   * retrying one is simply made due now). Says why not when it cannot be; a test send is
   * never queued (it would then be retried and counted as the webhook's traffic).
   */
  async requeue(id: number, now: number): Promise<"queued" | "not_found" | "already_queued" | "no_webhook" | "webhook_disabled" | "test_send"> {
    const rs = await this.client.execute({
      sql: "SELECT d.status, d.test, w.enabled FROM deliveries d LEFT JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?",
      args: [id],
    });
    const row = rs.rows[0];
    if (!row) return "not_found";
    if (Number(row.test) === 1) return "test_send";
    if (row.enabled === null) return "no_webhook";
    if (Number(row.enabled) !== 1) return "webhook_disabled";
    if (row.status === "pending") return "already_queued";
    await this.client.execute({
      sql: `UPDATE deliveries SET status = CASE status WHEN 'retrying' THEN 'retrying' ELSE 'pending' END,
              retry_base = CASE status WHEN 'retrying' THEN retry_base ELSE attempts END,
              crashes = CASE status WHEN 'retrying' THEN crashes ELSE 0 END,
              next_attempt_at = ?, finished_at = NULL, updated_at = ?
            WHERE id = ?`,
      args: [now, now, id],
    });
    return "queued";
  }

  /**
   * The events of claimed deliveries, by their key, with their sizes (see FanOutEvent):
   * in the order of `ids`, as many as `bytes` holds (`oneAnyway`: the first whatever its
   * size). `unloaded`: the keys of those that did not fit, in order (an event gone
   * meanwhile is in neither); `largest`: the largest size of them all.
   */
  async loadEvents(
    ids: number[],
    bytes: number,
    oneAnyway: boolean,
  ): Promise<{ events: Map<number, { event: WebhookEvent; size: number }>; unloaded: number[]; largest: number }> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { events: new Map(), unloaded: [], largest: 0 };
    // sizes first, without the data: a backlog of large events must not be read at once
    const sized = await this.client.execute({
      sql: "SELECT id, octet_length(data) AS size FROM events WHERE id IN (SELECT value FROM json_each(?))",
      args: [JSON.stringify(unique)],
    });
    const sizes = new Map(sized.rows.map((r) => [Number(r.id), Number(r.size)]));
    const present = unique.filter((id) => sizes.has(id));
    const fits = fitting(present.map((id) => sizes.get(id)!), bytes, oneAnyway);
    const unloaded = present.slice(fits);
    const largest = Math.max(0, ...sizes.values());
    if (fits === 0) return { events: new Map(), unloaded, largest };
    const rs = await this.client.execute({
      sql: "SELECT id, uuid, type, ticket_id, created_at, received_at, data FROM events WHERE id IN (SELECT value FROM json_each(?))",
      args: [JSON.stringify(present.slice(0, fits))],
    });
    const events = new Map(
      rs.rows.map((r) => [
        Number(r.id),
        {
          event: eventFromRow({ uuid: r.uuid, type: r.type, ticketId: r.ticket_id, createdAt: r.created_at, receivedAt: r.received_at, data: r.data }),
          size: sizes.get(Number(r.id))!,
        },
      ]),
    );
    return { events, unloaded, largest };
  }
}

function toClaimed(r: Row): ClaimedDelivery {
  return {
    id: Number(r.id),
    eventId: Number(r.event_id),
    webhookId: Number(r.webhook_id),
    attempts: Number(r.attempts),
    retryBase: Number(r.retry_base),
    crashes: Number(r.crashes),
  };
}
