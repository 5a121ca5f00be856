import { afterEach, describe, expect, test } from "bun:test";
import { ConfigSnapshot } from "../../src/delivery/config-snapshot.ts";
import { WebhookCache } from "../../src/webhooks/webhook-cache.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
afterEach(() => t.close());

const NOW = Date.parse("2026-12-03T12:00:00.000Z");

/** A snapshot over the real settings and webhooks of a temp database, and a way to change the settings behind its back. */
async function setup() {
  t = await createTestApp({ now: () => new Date(NOW) });
  const snapshot = new ConfigSnapshot({ settings: t.settings, webhooks: new WebhookCache(t.database.client, t.webhooks) });
  const setInterval = (seconds: number) => t.settings.update({ read_interval_seconds: seconds }, new Date(NOW));
  return { snapshot, setInterval };
}

describe("the dispatcher's reading of settings and webhooks", () => {
  test("the first pass reads; passes within a second reuse the reading; a second later, or when told, it is read again", async () => {
    const { snapshot, setInterval } = await setup();
    expect(await snapshot.readIfDue(NOW)).toBe(true);
    const first = snapshot.settings!.read_interval_seconds;
    await setInterval(first + 1);
    expect(await snapshot.readIfDue(NOW + 999)).toBe(false);
    expect(snapshot.settings!.read_interval_seconds).toBe(first);
    expect(await snapshot.readIfDue(NOW + 1_000)).toBe(true);
    expect(snapshot.settings!.read_interval_seconds).toBe(first + 1);

    await setInterval(first + 2);
    snapshot.markStale();
    expect(await snapshot.readIfDue(NOW + 1_001)).toBe(true);
    expect(snapshot.settings!.read_interval_seconds).toBe(first + 2);
    expect(await snapshot.readIfDue(NOW + 1_002)).toBe(false);
  });

  test("a clock set back is a reason to read again, and webhooks are read with the settings", async () => {
    const { snapshot } = await setup();
    await snapshot.readIfDue(NOW);
    expect([...snapshot.webhooks.keys()]).toEqual([]);
    const created = await t.api("/api/webhooks", { body: { name: "crm", url: "http://127.0.0.1:9/hook", events: ["*"] } });
    expect(created.status).toBe(201);
    expect(await snapshot.readIfDue(NOW - 60_000)).toBe(true);
    expect([...snapshot.webhooks.values()].map((w) => w.name)).toEqual(["crm"]);
  });
});
