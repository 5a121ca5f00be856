import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { heldAnswer } from "../helpers/receiver.ts";

const HOUR = 3_600_000;
const cleanups = cleanupAfterEach();

async function start(respond: Parameters<typeof startDeliveryHarness>[0], options: Parameters<typeof startDeliveryHarness>[1] = {}) {
  const h = await startDeliveryHarness(respond, options);
  cleanups.add(() => h.close());
  return h;
}

const failing = () => new Response("down", { status: 500 });

/** Posts one event; resolves with its uuid once its first attempt failed and a retry is due at `next_attempt_at`. */
async function firstFailure(h: DeliveryHarness) {
  const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
  const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying" && e.attempts === 1);
  return { uuid, dueAt: Date.parse(entry.next_attempt_at!) };
}

async function webhookEnabled(h: DeliveryHarness, id: number) {
  return ((await (await h.t.api(`/api/webhooks/${id}`)).json()) as { enabled: boolean }).enabled;
}

describe("the wall clock set while the service runs", () => {
  test("set 25 h ahead after one failure: the webhook is not disabled, its retry still goes out 5 s later", async () => {
    const h = await start(failing);
    const webhook = await h.createWebhook();
    const { uuid, dueAt } = await firstFailure(h);
    h.setClock(25 * HOUR);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
    const moved = await h.waitForEntry(uuid, () => true);
    expect(Date.parse(moved.next_attempt_at!)).toBe(dueAt + 25 * HOUR);
    h.advance(5_000);
    const second = await h.waitForEntry(uuid, (e) => e.attempts === 2);
    expect(second.status).toBe("retrying");
    expect(second.error).not.toContain("webhook disabled");
    expect(await webhookEnabled(h, webhook.id)).toBe(true);
  });

  test("set 25 h ahead after a burst of failures: the run of failures keeps its length, so the webhook is not disabled", async () => {
    const h = await start(failing);
    const webhook = await h.createWebhook();
    const burst = (await h.postEvents(Array.from({ length: 6 }, () => ({ type: "system.started" })))).accepted;
    for (const uuid of burst) await h.waitForEntry(uuid, (e) => e.attempts === 1);
    h.setClock(25 * HOUR);
    await h.passes();
    const { uuid } = await firstFailure(h);
    expect((await h.waitForEntry(uuid, () => true)).error).not.toContain("webhook disabled");
    expect(await webhookEnabled(h, webhook.id)).toBe(true);
  });

  test("set back an hour: a retry due in 5 s goes out 5 s later, not an hour later", async () => {
    const h = await start((_, i) => (i === 0 ? failing() : new Response("ok")));
    await h.createWebhook();
    const { uuid, dueAt } = await firstFailure(h);
    expect(dueAt - h.clock.now).toBe(5_000);
    h.setClock(-HOUR);
    await h.passes();
    expect(Date.parse((await h.waitForEntry(uuid, () => true)).next_attempt_at!) - h.clock.now).toBe(5_000);
    h.advance(4_999);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
    h.advance(1);
    await h.waitForEntry(uuid, (e) => e.status === "succeeded");
  });

  test("set back an hour: a delivery waiting for its webhook's slot still goes out when the slot frees", async () => {
    const held = heldAnswer(() => new Response("ok"));
    const h = await start((_, i) => (i === 0 ? held.answer : new Response("ok")), { dispatcherLimits: { maxPerWebhook: 1 } });
    await h.createWebhook();
    const [, waiting] = (await h.postEvents([{ type: "system.started" }, { type: "system.started" }])).accepted;
    await h.receiver.waitForCount(1);
    h.setClock(-HOUR);
    await h.passes();
    held.release();
    await h.waitForEntry(waiting!, (e) => e.status === "succeeded");
  });

  test("set ahead: a retry due in an hour is not sent at once", async () => {
    const h = await start(() => new Response(null, { status: 503, headers: { "Retry-After": "3600" } }));
    await h.createWebhook();
    const { uuid, dueAt } = await firstFailure(h);
    expect(dueAt - h.clock.now).toBe(HOUR);
    h.setClock(2 * HOUR);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
    h.advance(HOUR - 1);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
    h.advance(1);
    await h.waitForEntry(uuid, (e) => e.attempts === 2);
  });

  test("set ahead while a request is under way: its claim looks lapsed, yet it is not sent twice and its result is kept", async () => {
    const held = heldAnswer(() => new Response("ok"));
    const h = await start(() => held.answer);
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await h.receiver.waitForCount(1);
    h.setClock(25 * HOUR);
    await h.passes();
    held.release();
    const done = await h.waitForEntry(uuid, (e) => e.status === "succeeded" && e.attempts === 1);
    // measured on the monotonic clock, which did not move
    expect(done.duration_ms).toBe(0);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
  });

  test("with several instances, a retry another instance timed keeps its time when this one's clock is set", async () => {
    const dir = await cleanups.tempDir();
    const now = Date.parse("2026-11-28T12:00:00.000Z");
    const a = await start(failing, { dir: dir, instanceId: "box-a", clock: { now } });
    const b = await start(failing, { dir: dir, instanceId: "box-b", clock: { now } });
    await a.createWebhook();
    b.t.dispatcher.wake(true);
    await b.passes();
    const ofA = await firstFailure(a);
    const ofB = await firstFailure(b);
    a.setClock(-HOUR);
    await a.passes();
    const dueAt = async (uuid: string) => Date.parse((await a.waitForEntry(uuid, () => true)).next_attempt_at!);
    expect(await dueAt(ofA.uuid)).toBe(ofA.dueAt - HOUR);
    expect(await dueAt(ofB.uuid)).toBe(ofB.dueAt);
  });
});

describe("auto-disable asks for failed attempts as well as time", () => {
  test("one failure, then the clock moved 25 h while nothing watched it: not disabled", async () => {
    const h = await start(failing);
    const webhook = await h.createWebhook();
    const { uuid } = await firstFailure(h);
    // the clock moves as time passing would (a restart across the jump looks the same)
    h.advance(25 * HOUR);
    const second = await h.waitForEntry(uuid, (e) => e.attempts === 2);
    expect(second.error).not.toContain("webhook disabled");
    expect(await webhookEnabled(h, webhook.id)).toBe(true);
  });

  test("a real 24 h of failing attempts still disables the webhook", async () => {
    const h = await start(failing);
    const webhook = await h.createWebhook();
    const started = h.clock.now;
    const { uuid } = await firstFailure(h);
    // its whole retry budget (6 attempts) fails
    for (let attempt = 2; attempt <= 6; attempt++) {
      const entry = await h.waitForEntry(uuid, (e) => e.attempts === attempt - 1);
      h.advance(Date.parse(entry.next_attempt_at!) - h.clock.now);
      await h.waitForEntry(uuid, (e) => e.attempts === attempt);
    }
    expect((await h.waitForEntry(uuid, () => true)).status).toBe("failed");
    expect(await webhookEnabled(h, webhook.id)).toBe(true);
    h.advance(started + 24 * HOUR - h.clock.now);
    const later = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const last = await h.waitForEntry(later, (e) => e.attempts === 1);
    expect(last.error).toContain("webhook disabled: every delivery failed for longer than the auto-disable period");
    expect(await webhookEnabled(h, webhook.id)).toBe(false);
  });
});
