import type { Client } from "@libsql/client";
import type { Logger } from "../logger.ts";
import { wakeableSleep } from "../wakeable-sleep.ts";

/** Deliveries queued again per statement: each holds the writer for a few milliseconds. */
const BATCH = 250;

/** How often the runner looks for unfinished recoveries unwoken (another instance may have asked for one). */
const IDLE_MS = 60_000;

export interface Recovery {
  id: number;
  webhook_id: number;
  since: number;
  until: number;
  /** Failed deliveries in the range when it was asked for. */
  matched: number;
  requeued: number;
  created_at: number;
  finished_at: number | null;
}

/** The failed deliveries a recovery queues again: the webhook's, finished in its range, not test sends. */
const IN_RANGE = "webhook_id = :webhook AND status = 'failed' AND test = 0 AND finished_at >= :since AND finished_at < :until";

const toRecovery = (row: Record<string, unknown>): Recovery => ({
  id: Number(row.id),
  webhook_id: Number(row.webhook_id),
  since: Number(row.since),
  until: Number(row.until),
  matched: Number(row.matched),
  requeued: Number(row.requeued),
  created_at: Number(row.created_at),
  finished_at: row.finished_at === null ? null : Number(row.finished_at),
});

const COLUMNS = "id, webhook_id, since, until, matched, requeued, created_at, finished_at";

/**
 * Recover after an outage: a webhook's deliveries that finally failed in a time range,
 * sent again with a fresh set of attempts. Asking stores the range; `step()` queues the
 * deliveries in batches by id, so 100,000 of them neither hold the writer long nor sit in
 * memory, and a restart goes on from the last batch. They go out as any queued delivery
 * does: a ticket's in the order of its events (the claim's rule), its earliest first.
 */
export class Recoveries {
  constructor(
    private readonly client: Client,
    private readonly batch = BATCH,
  ) {}

  /** Stores a recovery of `webhookId`'s failed deliveries finished in [since, until). */
  async start(webhookId: number, since: number, until: number, now: number): Promise<Recovery> {
    const rs = await this.client.execute({
      sql: `INSERT INTO recoveries (webhook_id, since, until, matched, created_at)
            SELECT :webhook, :since, :until, count(*), :now FROM deliveries WHERE ${IN_RANGE}
            RETURNING ${COLUMNS}`,
      args: { webhook: webhookId, since, until, now },
    });
    return toRecovery(rs.rows[0]!);
  }

  async get(id: number): Promise<Recovery | null> {
    const rs = await this.client.execute({ sql: `SELECT ${COLUMNS} FROM recoveries WHERE id = ?`, args: [id] });
    return rs.rows[0] ? toRecovery(rs.rows[0]) : null;
  }

  /**
   * Queues the next batch of the oldest unfinished recovery; `idle` when none is left.
   * A delivery is queued again only while it is failed, so two instances working on the
   * same recovery, or a batch done again after a crash, never queue one twice.
   */
  async step(now: number): Promise<{ queued: number } | "idle"> {
    const found = await this.client.execute(`SELECT id, webhook_id, since, until, next_after_id FROM recoveries WHERE finished_at IS NULL ORDER BY id LIMIT 1`);
    const row = found.rows[0];
    if (!row) return "idle";
    const args = { recovery: Number(row.id), webhook: Number(row.webhook_id), since: Number(row.since), until: Number(row.until), after: Number(row.next_after_id), now };
    const queued = await this.client.execute({
      sql: `UPDATE deliveries SET status = 'pending', retry_base = attempts, crashes = 0, next_attempt_at = :now, finished_at = NULL, updated_at = :now
            WHERE id IN (SELECT id FROM deliveries WHERE ${IN_RANGE} AND id > :after ORDER BY id LIMIT ${this.batch})
            RETURNING id`,
      args,
    });
    const ids = queued.rows.map((r) => Number(r.id));
    await this.client.execute({
      sql: `UPDATE recoveries SET requeued = requeued + :count, next_after_id = max(next_after_id, :last),
              finished_at = CASE WHEN :count < ${this.batch} THEN :now END
            WHERE id = :recovery AND finished_at IS NULL`,
      args: { recovery: args.recovery, count: ids.length, last: Math.max(args.after, ...ids), now },
    });
    return { queued: ids.length };
  }
}

/**
 * Works through recoveries in the background: batch after batch, yielding between them so
 * API requests and deliveries go on, then waits to be woken (a new recovery) or a minute.
 */
export class RecoveryRunner {
  private running: Promise<void> | null = null;
  private stopping = false;
  private sleep: { wake: () => void } | null = null;
  private wanted = false;

  constructor(
    private readonly recoveries: Recoveries,
    private readonly options: { now: () => number; logger: Logger; onQueued: () => void; idleMs?: number },
  ) {}

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** A recovery was asked for: work on it now. */
  wake(): void {
    this.wanted = true;
    this.sleep?.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleep?.wake();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.wanted = false;
      try {
        const step = await this.recoveries.step(this.options.now());
        if (step !== "idle") {
          if (step.queued > 0) this.options.onQueued();
          await new Promise((resolve) => setTimeout(resolve, 1));
          continue;
        }
      } catch (err) {
        this.options.logger.error("recovering failed deliveries failed; tried again in a minute", { err });
      }
      if (this.wanted) continue;
      const sleep = wakeableSleep(this.options.idleMs ?? IDLE_MS);
      this.sleep = sleep;
      await sleep.done;
      this.sleep = null;
    }
  }
}
