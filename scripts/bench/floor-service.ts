/**
 * The floor a delivery's cost is compared with: the service's durable work and nothing
 * else, written as plainly as the stack allows. Events come in batches (`POST
 * /api/events`, JSON, no validation but their type), each request's events and one
 * claimed delivery each go into the service's own schema in one transaction fsynced
 * before the 202; each delivery is sent with `fetch` as the service sends it (its event as
 * the body, 8 in flight), and results and attempts are written in groups at most every
 * 10 ms, at `synchronous=NORMAL`. No templates, filters, order per ticket, retries,
 * signatures, metrics or log: what the service spends beyond this is what its features
 * and its own code cost.
 *
 * `bun scripts/bench/floor-service.ts --target <url> --port 0 --db file:<path>`; prints
 * the service's "listening" line and answers `GET /api/health`, so the bench starts it
 * as it starts the binary. Runs with the binary's runtime tuning.
 */
import type { InValue } from "@libsql/client";
import Database from "libsql";
import { parseArgs } from "node:util";
import { openDatabase } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { listStatement, valuesLists } from "../../src/db/values-lists.ts";
import { migrations } from "../../src/generated/migrations.ts";
import { TUNING } from "../../src/runtime-tuning.ts";

if (process.env.BUN_JSC_forceRAMSize === undefined && typeof process.execve === "function") {
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, ...TUNING });
}

const { values: args } = parseArgs({ options: { target: { type: "string" }, port: { type: "string" }, db: { type: "string" } } });
const target = args.target!;
const file = args.db!.replace(/^file:/, "");
const IN_FLIGHT = 8;
const WRITE_SPACING_MS = 10;
const WEBHOOK_ID = 1;

// the service's schema, and the one webhook the deliveries refer to
{
  const database = await openDatabase(`file:${file}`);
  await applyMigrations(database.client, migrations);
  await database.client.execute({
    sql: `INSERT INTO webhooks (id, name, url, method, events, body_mime_type, created_at, updated_at)
          VALUES (?, 'floor', ?, 'POST', '["*"]', 'application/json', 0, 0)`,
    args: [WEBHOOK_ID, target],
  });
  database.close();
}

const db = new Database(file);
db.exec("PRAGMA journal_mode=WAL; PRAGMA cache_size=-8000; PRAGMA temp_store=MEMORY");
const statements = new Map<string, ReturnType<typeof db.prepare>>();
const prepared = (sql: string) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
};
let synchronous = "";
function durability(level: "FULL" | "NORMAL") {
  if (synchronous === level) return;
  db.exec(`PRAGMA synchronous=${level}`);
  synchronous = level;
}

/**
 * Runs `text` (a `listStatement`) for the rows in the service's VALUES lists
 * (src/db/values-lists.ts); returns each list's rows and last rowid.
 */
function inLists<T>(rows: T[], text: (values: string) => string, values: (row: T) => InValue[]): { rows: T[]; last: number }[] {
  const done: { rows: T[]; last: number }[] = [];
  let from = 0;
  for (const list of valuesLists(rows.map(values))) {
    const info = prepared(text(list.values)).run(list.args);
    done.push({ rows: rows.slice(from, from + list.rows.length), last: Number(info.lastInsertRowid) });
    from += list.rows.length;
  }
  return done;
}

const insertEvents = listStatement(
  (values) => `INSERT INTO events (uuid, type, ticket_id, created_at, data, deliveries_made, received_at, fanned_out_at) VALUES ${values}`,
);
const insertDeliveries = listStatement(
  (values) => `INSERT INTO deliveries (event_id, webhook_id, webhook_name, event_type, ticket_id, claimed_by, claim_expires_at,
    status, next_attempt_at, created_at, updated_at) VALUES ${values}`,
);
const insertAttempts = listStatement(
  (values) => `INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, method, url, response_status, error,
    request_headers, request_body, response_headers, response_body) VALUES ${values}`,
);
const updateDeliveries = listStatement(
  (values) => `UPDATE deliveries SET status = v.column2, attempts = attempts + 1, response_status = v.column3, finished_at = v.column4,
    duration_ms = v.column5, claimed_by = NULL, claim_expires_at = NULL, updated_at = v.column4 FROM (VALUES ${values}) AS v WHERE deliveries.id = v.column1`,
);

interface Input {
  uuid?: string;
  type: string;
  ticket_id?: string;
  data?: Record<string, unknown>;
}
interface Delivery {
  id: number;
  body: string;
  uuid: string;
}

function store(events: Input[]): Delivery[] {
  const now = Date.now();
  const stored = events.map((e) => ({ ...e, uuid: e.uuid ?? crypto.randomUUID(), key: 0 }));
  durability("FULL");
  db.exec("BEGIN IMMEDIATE");
  for (const list of inLists(stored, insertEvents, (e) => [
    e.uuid, e.type, e.ticket_id ?? "", now, JSON.stringify(e.data ?? {}), 1, now, now,
  ])) {
    list.rows.forEach((e, i) => (e.key = list.last - list.rows.length + 1 + i));
  }
  const deliveries: Delivery[] = [];
  for (const list of inLists(stored, insertDeliveries, (e) => [e.key, WEBHOOK_ID, "floor", e.type, e.ticket_id ?? "", "floor", now + 60_000, "pending", now, now, now])) {
    list.rows.forEach((e, i) => {
      const body = JSON.stringify({ uuid: e.uuid, type: e.type, created_at: new Date(now).toISOString(), ticket_id: e.ticket_id ?? "", data: e.data ?? {} });
      deliveries.push({ id: list.last - list.rows.length + 1 + i, body, uuid: e.uuid });
    });
  }
  db.exec("COMMIT");
  return deliveries;
}

const queue: Delivery[] = [];
let sending = 0;
const finished: { id: number; status: number | null; startedAt: number; durationMs: number }[] = [];
let writeDue = false;

function writeResults() {
  writeDue = false;
  const group = finished.splice(0);
  durability("NORMAL");
  db.exec("BEGIN IMMEDIATE");
  inLists(group, insertAttempts, (r) => [r.id, 1, r.startedAt, r.durationMs, "POST", target, r.status, null, null, null, null, null]);
  inLists(group, updateDeliveries, (r) => [r.id, r.status === 200 ? "succeeded" : "retrying", r.status, r.startedAt + r.durationMs, r.durationMs]);
  db.exec("COMMIT");
}

async function send(delivery: Delivery) {
  sending++;
  const startedAt = Date.now();
  let status: number | null = null;
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "floor", "webhook-id": delivery.uuid },
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    status = response.status;
  } catch {
    // recorded as no answer
  }
  finished.push({ id: delivery.id, status, startedAt, durationMs: Date.now() - startedAt });
  if (!writeDue) {
    writeDue = true;
    setTimeout(writeResults, WRITE_SPACING_MS);
  }
  sending--;
  pump();
}

function pump() {
  while (sending < IN_FLIGHT && queue.length > 0) void send(queue.shift()!);
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(args.port ?? 0),
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/api/health") return Response.json({ status: "ok" });
    if (path !== "/api/events" || request.method !== "POST") return new Response(null, { status: 404 });
    const body = (await request.json()) as Input | Input[];
    const events = Array.isArray(body) ? body : [body];
    if (events.some((e) => typeof e?.type !== "string")) return Response.json({ error: "type" }, { status: 422 });
    const deliveries = store(events);
    queue.push(...deliveries);
    pump();
    return Response.json({ accepted: deliveries.map((d) => d.uuid), duplicates: [] }, { status: 202 });
  },
});
console.log(JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${server.port}` }));
process.on("SIGTERM", () => {
  server.stop(true);
  db.close();
  process.exit(0);
});
