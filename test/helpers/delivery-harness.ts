import { expect } from "bun:test";
import type { LogEntry, LogItem } from "../../src/api/log.routes.ts";
import { createTestApp, type TestApp, type TestAppOptions } from "./test-app.ts";
import { eventually, startReceiver, type Receiver, type Responder } from "./receiver.ts";

/**
 * The service with a started dispatcher, a clock the test moves, jitter fixed at the
 * middle (retry delays are exactly 5 s, 30 s, …), and a real receiver.
 */
export async function startDeliveryHarness(
  respond?: Responder,
  { clock = { now: Date.parse("2026-11-28T12:00:00.000Z") }, ...options }: { clock?: { now: number } } & Pick<TestAppOptions, "dir" | "instanceId" | "dispatcherLimits" | "busyTimeoutMs"> = {},
) {
  // time passing moves both clocks; `setClock` moves the wall clock alone, as NTP does
  let wallClockSet = 0;
  const t = await createTestApp({ now: () => new Date(clock.now), monotonic: () => clock.now - wallClockSet, random: () => 0.5, ...options });
  const receiver = startReceiver(respond);
  await t.dispatcher.start();

  async function createWebhook(overrides: Record<string, unknown> = {}, path = "/hook") {
    const res = await t.api("/api/webhooks", {
      body: { name: "Receiver", url: `${receiver.url}${path}`, events: ["*"], ...overrides },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: number } & Record<string, unknown>;
  }

  async function postEvents(body: unknown) {
    const res = await t.api("/api/events", { body });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()) as { accepted: string[]; duplicates: string[] };
  }

  async function log(query = "") {
    const res = await t.api(`/api/log${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { items: LogItem[]; next_cursor: string | null };
  }

  async function logEntry(id: number) {
    const res = await t.api(`/api/log/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as LogEntry;
  }

  /** Waits until the log entry of `eventUuid` (for the webhook, if given) satisfies `check`. */
  function waitForEntry(eventUuid: string, check: (entry: LogItem) => boolean, webhookId?: number) {
    return eventually(async () => {
      const { items } = await log();
      return items.find((i) => i.event_uuid === eventUuid && (webhookId === undefined || i.webhook_id === webhookId) && check(i));
    });
  }

  /** Moves the clock and lets the dispatcher look at the queue. */
  function advance(ms: number) {
    clock.now += ms;
    t.dispatcher.wake();
  }

  /** Sets the wall clock forward (or back) by `ms` without time passing, and lets the dispatcher look at the queue. */
  function setClock(ms: number) {
    clock.now += ms;
    wallClockSet += ms;
    t.dispatcher.wake();
  }

  /**
   * Resolves after the dispatcher has made `n` more passes, waking it for each. Two
   * passes ensure one began after the call: the first may have been under way already.
   */
  async function passes(n = 2) {
    for (let i = 0; i < n; i++) {
      const target = t.dispatcher.passCount + 1;
      t.dispatcher.wake();
      await eventually(async () => t.dispatcher.passCount >= target);
    }
  }

  async function patchSettings(changes: Record<string, unknown>) {
    const res = await t.api("/api/settings", { method: "PATCH", body: changes });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  return {
    t,
    clock,
    receiver,
    createWebhook,
    postEvents,
    log,
    logEntry,
    waitForEntry,
    advance,
    setClock,
    passes,
    patchSettings,
    async close() {
      await t.close();
      receiver.stop();
    },
  };
}

export type DeliveryHarness = Awaited<ReturnType<typeof startDeliveryHarness>>;
export type { Receiver, TestApp };
