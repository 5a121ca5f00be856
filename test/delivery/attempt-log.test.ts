import { afterEach, describe, expect, test } from "bun:test";
import { AttemptLog, type AttemptRecord } from "../../src/delivery/attempt-log.ts";
import { createLogger } from "../../src/logger.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

/** A webhook with `count` queued deliveries, and a way to record attempts for them. */
async function setup(count: number) {
  t = await createTestApp();
  const webhook = (await (await t.api("/api/webhooks", { body: { name: "w", url: "http://127.0.0.1:9/x", events: ["*"] } })).json()) as { id: number };
  await t.api("/api/events", { body: Array.from({ length: count }, () => ({ type: "system.started" })) });
  const rows = await t.database.client.execute("SELECT id FROM deliveries ORDER BY id");
  const ids = rows.rows.map((r) => Number(r.id));
  const log = new AttemptLog(t.database.workClient, createLogger({ write: () => {} }));
  const record = (i: number, ok: boolean, at: number): AttemptRecord => ({
    delivery: { id: ids[i]!, eventId: 0, webhookId: webhook.id, attempts: 0, retryBase: 0 },
    startedAt: at,
    request: { method: "POST", url: "http://127.0.0.1:9/x", headers: {}, body: "{}" },
    result: ok ? { kind: "response", status: 200, statusText: "OK", headers: {}, body: null, durationMs: 1 } : { kind: "error", error: "down", durationMs: 1 },
    step: ok ? { status: "succeeded", nextAttemptAt: null, error: null } : { status: "retrying", nextAttemptAt: at + 5000, error: "down" },
    logDetails: false,
    disableReason: null,
    autoDisableBefore: null,
  });
  const failingSince = async () =>
    (await t.database.client.execute({ sql: "SELECT failing_since FROM webhooks WHERE id = ?", args: [webhook.id] })).rows[0]!.failing_since;
  return { log, record, failingSince };
}

describe("attempt log: a webhook's run of failures", () => {
  test("attempts recorded together: the run starts at the first failure after the last success", async () => {
    const { log, record, failingSince } = await setup(6);
    await Promise.all([log.record(record(0, false, 100)), log.record(record(1, true, 200)), log.record(record(2, false, 300))]);
    expect(await failingSince()).toBe(300);
    await Promise.all([log.record(record(3, false, 400))]);
    expect(await failingSince()).toBe(300);
    await Promise.all([log.record(record(4, false, 500)), log.record(record(5, true, 600))]);
    expect(await failingSince()).toBeNull();
  });

  test("each attempt is stored with its delivery's new state", async () => {
    const { log, record } = await setup(2);
    await Promise.all([log.record(record(0, true, 100)), log.record(record(1, false, 200))]);
    const rows = await t.database.client.execute("SELECT status, attempts, error, next_attempt_at FROM deliveries ORDER BY id");
    expect(rows.rows.map((r) => ({ ...r }) as Record<string, unknown>)).toEqual([
      { status: "succeeded", attempts: 1, error: null, next_attempt_at: null },
      { status: "retrying", attempts: 1, error: "down", next_attempt_at: 5200 },
    ]);
    const attempts = await t.database.client.execute("SELECT attempt_no, response_status, error FROM attempts ORDER BY id");
    expect(attempts.rows.map((r) => ({ ...r }) as Record<string, unknown>)).toEqual([
      { attempt_no: 1, response_status: 200, error: null },
      { attempt_no: 1, response_status: null, error: "down" },
    ]);
  });
});
