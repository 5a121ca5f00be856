/**
 * Fills a stopped service's database with a long event log: `rows` finished deliveries,
 * each with its event and its one attempt (a real finished delivery always has one, and
 * cleanup deletes it with the delivery), spread over a span of finish times.
 */
import { createClient } from "@libsql/client";

export interface SeedOptions {
  rows: number;
  /** Spread over these webhooks, round-robin, as a real log is. */
  webhookIds: number[];
  webhookUrl: string;
  /** Epoch ms: the oldest and newest finish time. */
  finishedFrom: number;
  finishedTo: number;
}

const SEED_DATA = JSON.stringify({ client_ip: "10.0.0.7", login_type: "first", backend_data: { pms: { room: "12", name: "Smith" } } });
/** Ticket ids repeat as guests log in again, so the ticket index is not one long run. */
const TICKETS = 5000;

/** The numbered rows 1..rows with the finish time and webhook of each. */
const SEED_ROWS = `
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :rows),
  hooks(k, id) AS (SELECT key, value FROM json_each(:hooks)),
  seed AS (SELECT i, :from + i * :span / :rows AS t, hooks.id AS webhook_id FROM n JOIN hooks ON hooks.k = i % :hookCount)`;

const uuidOf = "printf('seed-%010d', i)";

export async function seedFinishedLog(dbFile: string, options: SeedOptions): Promise<void> {
  const client = createClient({ url: `file:${dbFile}` });
  try {
    const args = {
      rows: options.rows,
      hooks: JSON.stringify(options.webhookIds),
      hookCount: options.webhookIds.length,
      from: options.finishedFrom,
      span: options.finishedTo - options.finishedFrom,
    };
    const nextId = async (table: string) => Number((await client.execute(`SELECT coalesce(max(id), 0) + 1 AS id FROM ${table}`)).rows[0]!.id);
    const firstNewId = await nextId("deliveries");
    // the events are inserted in order, so row i's event is this plus i - 1
    const firstEventId = await nextId("events");
    // Seeding 3 million index entries thrashes SQLite's default 2 MB page cache.
    await client.execute("PRAGMA cache_size = -262144");
    await client.batch(
      [
        {
          sql: `${SEED_ROWS}
                INSERT INTO events (uuid, type, ticket_id, created_at, data, received_at, fanned_out_at)
                SELECT ${uuidOf}, 'ticket.logged_in', CAST(i % ${TICKETS} AS TEXT), t, :data, t, t FROM seed`,
          args: { ...args, data: SEED_DATA },
        },
        {
          sql: `${SEED_ROWS}
                INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, ticket_id, status, attempts,
                  response_status, duration_ms, created_at, updated_at, finished_at)
                SELECT :firstEventId + i - 1, webhook_id, 'bench', 'ticket.logged_in', CAST(i % ${TICKETS} AS TEXT), 'succeeded', 1,
                  200, 3, t, t, t FROM seed`,
          args: { ...args, firstEventId },
        },
        {
          sql: `INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, method, url, response_status)
                SELECT id, 1, finished_at - 3, 3, 'POST', :url, 200 FROM deliveries WHERE id >= :firstNewId`,
          args: { url: options.webhookUrl, firstNewId },
        },
      ],
      "write",
    );
    // The service should open a database, not replay a WAL of several hundred MB.
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    client.close();
  }
}

/** Finished deliveries older than `before` still in the log (after cleanup ran for a while). */
export async function countFinishedBefore(dbFile: string, before: number): Promise<number> {
  const client = createClient({ url: `file:${dbFile}` });
  try {
    const rs = await client.execute({ sql: "SELECT count(*) AS n FROM deliveries WHERE finished_at < ?", args: [before] });
    return Number(rs.rows[0]!.n);
  } finally {
    client.close();
  }
}
