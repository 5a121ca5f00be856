import type { Client } from "@libsql/client";
import type { Logger } from "../logger.ts";

/** Rows per delete: each batch holds the writer for a few milliseconds at most. */
const BATCH = 250;

/** Lets other work (deliveries, API requests) run between two cleanup batches, and take the writer first. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

/**
 * Removes finished deliveries (with their attempts) and events older than the
 * retention, in small transactions so the writer is never held long enough to stall
 * delivery. Pending and retrying work is never removed, nor an event still referenced.
 * Events never turned into deliveries (queued while webhooks were switched off) go
 * too: kept for good, a box left switched off would fill its disk.
 */
export async function cleanupLog(client: Client, cutoff: number): Promise<{ deliveries: number; events: number }> {
  let deliveries = 0;
  let events = 0;
  for (;;) {
    const rs = await client.execute({
      sql: `DELETE FROM deliveries WHERE id IN (
              SELECT id FROM deliveries WHERE finished_at IS NOT NULL AND finished_at < ? LIMIT ${BATCH})`,
      args: [cutoff],
    });
    deliveries += rs.rowsAffected;
    if (rs.rowsAffected < BATCH) break;
    await yieldToEventLoop();
  }
  for (;;) {
    const rs = await client.execute({
      sql: `DELETE FROM events WHERE id IN (
              SELECT e.id FROM events e
              WHERE e.received_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
              LIMIT ${BATCH})`,
      args: [cutoff],
    });
    events += rs.rowsAffected;
    if (rs.rowsAffected < BATCH) break;
    await yieldToEventLoop();
  }
  return { deliveries, events };
}

/**
 * Runs the cleanup now and then every `everyMs` with the retention in force at that
 * moment. A failed run is logged and tried again next time. Returns a stop function.
 */
export function scheduleLogCleanup(options: {
  client: Client;
  retentionHours: () => Promise<number>;
  now: () => number;
  logger: Logger;
  everyMs: number;
}): () => void {
  let running = false;
  async function runCleanup() {
    if (running) return;
    running = true;
    try {
      const cutoff = options.now() - (await options.retentionHours()) * 3_600_000;
      const removed = await cleanupLog(options.client, cutoff);
      if (removed.deliveries + removed.events > 0) options.logger.info("event log cleaned up", removed);
    } catch (err) {
      options.logger.error("event log cleanup failed", { err });
    } finally {
      running = false;
    }
  }
  void runCleanup();
  const timer = setInterval(runCleanup, options.everyMs);
  return () => clearInterval(timer);
}
