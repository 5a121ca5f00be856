import { afterEach, describe, expect, test } from "bun:test";
import { AttemptLog, type AttemptRecord } from "../../src/delivery/attempt-log.ts";
import { createLogger } from "../../src/logger.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const CLAIM = { owner: "box-a", expiresAt: 30_000 };

/** `hooks` webhooks with `count` queued deliveries each, and a way to record attempts for them. */
async function setup(count: number, hooks = 1) {
  t = await createTestApp();
  for (let i = 1; i <= hooks; i++) {
    await t.api("/api/webhooks", { body: { name: `w${i}`, url: `http://127.0.0.1:9/x${i}`, events: ["*"] } });
  }
  await t.api("/api/events", { body: Array.from({ length: count }, () => ({ type: "system.started" })) });
  // claimed as the dispatcher claims what it sends
  await t.database.client.execute({ sql: "UPDATE deliveries SET claimed_by = ?, claim_expires_at = ?", args: [CLAIM.owner, CLAIM.expiresAt] });
  const rows = await t.database.client.execute("SELECT id, webhook_id FROM deliveries ORDER BY webhook_id, id");
  const ids = rows.rows.map((r) => [Number(r.id), Number(r.webhook_id)] as const);
  const log = new AttemptLog(t.database.workClient, createLogger({ write: () => {} }));
  /** An attempt of the `i`th delivery, of the `hook`th webhook. */
  const record = (i: number, ok: boolean, at: number, hook = 1): AttemptRecord => {
    const [id, webhookId] = ids[(hook - 1) * count + i]!;
    return {
      delivery: { id, eventId: 0, webhookId, attempts: 0, retryBase: 0, crashes: 0 },
      claim: CLAIM,
      startedAt: at,
      request: { method: "POST", url: "http://127.0.0.1:9/x", headers: {}, body: "{}" },
      result: ok ? { kind: "response", status: 200, statusText: "OK", headers: {}, body: null, bodyTruncated: false, durationMs: 1 } : { kind: "error", error: "down", durationMs: 1, retryable: true },
      step: ok ? { status: "succeeded", nextAttemptAt: null, error: null } : { status: "retrying", nextAttemptAt: at + 5000, error: "down" },
      logDetails: false,
      disableReason: null,
      autoDisable: null,
      orderedTicket: null,
    };
  };
  const failingSince = async (hook = 1) =>
    (await t.database.client.execute({ sql: "SELECT failing_since FROM webhooks ORDER BY id LIMIT 1 OFFSET ?", args: [hook - 1] })).rows[0]!.failing_since;
  const failedAttempts = async () => (await t.database.client.execute("SELECT failed_attempts FROM webhooks ORDER BY id LIMIT 1")).rows[0]!.failed_attempts;
  return { log, record, failingSince, failedAttempts };
}

describe("attempt log: a webhook's run of failures", () => {
  test("attempts recorded together: the run starts at the first failure after the last success, and counts the failures since", async () => {
    const { log, record, failingSince, failedAttempts } = await setup(7);
    await Promise.all([log.record(record(0, false, 100)), log.record(record(1, true, 200)), log.record(record(2, false, 300))]);
    expect([await failingSince(), await failedAttempts()]).toEqual([300, 1]);
    await Promise.all([log.record(record(3, false, 400)), log.record(record(4, false, 450))]);
    expect([await failingSince(), await failedAttempts()]).toEqual([300, 3]);
    await Promise.all([log.record(record(5, false, 500)), log.record(record(6, true, 600))]);
    expect([await failingSince(), await failedAttempts()]).toEqual([null, 0]);
  });

  test("webhooks recorded together each keep their own run", async () => {
    const { log, record, failingSince } = await setup(3, 3);
    await Promise.all([log.record(record(0, false, 100, 1)), log.record(record(0, false, 100, 2)), log.record(record(0, true, 100, 3))]);
    expect([await failingSince(1), await failingSince(2), await failingSince(3)]).toEqual([100, 100, null]);
    await Promise.all([
      log.record(record(1, false, 200, 1)),
      log.record(record(1, true, 200, 2)),
      log.record(record(1, false, 200, 3)),
      log.record(record(2, false, 300, 2)),
    ]);
    expect([await failingSince(1), await failingSince(2), await failingSince(3)]).toEqual([100, 300, 200]);
  });

  test("a result changes its delivery only while the claim it was sent under holds; the attempt is logged all the same", async () => {
    const { log, record } = await setup(3);
    const rows = await t.database.client.execute("SELECT id FROM deliveries ORDER BY id");
    const [failedMeanwhile, claimedAgain] = rows.rows.map((r) => Number(r.id));
    await t.database.client.execute({ sql: "UPDATE deliveries SET status = 'failed', error = 'the webhook was deleted' WHERE id = ?", args: [failedMeanwhile!] });
    await t.database.client.execute({ sql: "UPDATE deliveries SET claim_expires_at = 90000 WHERE id = ?", args: [claimedAgain!] });
    await Promise.all([log.record(record(0, false, 100)), log.record(record(1, false, 100)), log.record(record(2, true, 100))]);
    const after = await t.database.client.execute("SELECT status, attempts, error FROM deliveries ORDER BY id");
    expect(after.rows.map((r) => [r.status, r.attempts, r.error])).toEqual([
      ["failed", 0, "the webhook was deleted"],
      ["pending", 0, null],
      ["succeeded", 1, null],
    ]);
    const attempts = await t.database.client.execute("SELECT count(*) AS n FROM attempts");
    expect(Number(attempts.rows[0]!.n)).toBe(3);
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
