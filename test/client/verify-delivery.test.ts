import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { collectLines } from "../../scripts/log-lines.ts";
import { createTestApp, jsonOf, type TestApp } from "../helpers/test-app.ts";

/**
 * The README's receiver (examples/verify-delivery.mjs, Node with the `standardwebhooks`
 * package) run as written against real deliveries: it accepts a signed one, handles a resend
 * of the same event once, and refuses a request that is not signed with the secret.
 */
const EXAMPLE = new URL("../../examples/verify-delivery.mjs", import.meta.url).pathname;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await t.dispatcher.start();
});
afterAll(() => t?.close());

test("the README shows the receiver example as it is in examples/", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  expect(readme).toContain(await readFile(EXAMPLE, "utf8"));
});

test("the Node receiver verifies a real delivery and handles a resent event once", async () => {
  const webhook = await jsonOf<{ id: number }>(t.api("/api/webhooks", { body: { name: "Verified", url: "http://127.0.0.1:9/", events: ["ticket.logged_out"], enabled: false } }));
  const { signing_secret } = await jsonOf<{ signing_secret: string }>(t.api(`/api/webhooks/${webhook.id}/signing-secret`, { method: "POST" }));
  const receiver = Bun.spawn(["node", EXAMPLE], { env: { ...process.env, WEBHOOK_SECRET: signing_secret, PORT: "0" }, stdout: "pipe", stderr: "inherit" });
  try {
    const { lines, waitForLine } = collectLines(receiver.stdout);
    const line = async (match: (l: string) => boolean, what: string) => (await waitForLine(match, 10_000)) ?? expect.unreachable(`no line "${what}" within 10 s`);
    const port = (await line((l) => l.startsWith("listening on port "), "listening")).slice("listening on port ".length);
    await t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { url: `http://127.0.0.1:${port}/`, enabled: true } });

    const { accepted } = await jsonOf<{ accepted: string[] }>(t.api("/api/events", { body: { type: "ticket.logged_out", ticket_id: "T-9" } }));
    await line((l) => l.startsWith(`event ${accepted[0]}: `), "event");
    const delivered = async (attempts: number) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await Bun.sleep(20)) {
        const { items } = await jsonOf<{ items: { id: number; status: string; attempts: number; response_status: number | null }[] }>(t.api(`/api/log?event_uuid=${accepted[0]}`));
        if (items[0]?.status === "succeeded" && items[0].attempts === attempts) return items[0];
      }
      throw new Error(`no delivery of ${accepted[0]} succeeded after ${attempts} attempt(s) within 10 s`);
    };
    const first = await delivered(1);
    expect(first.response_status).toBe(204);

    expect((await t.api(`/api/log/${first.id}/resend`, { method: "POST" })).status).toBe(202);
    expect((await delivered(2)).response_status).toBe(204);
    expect(lines.filter((l) => l.startsWith("event "))).toHaveLength(1);

    const forged = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: { "webhook-id": "msg_forged", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,AAAA" },
      body: "{}",
    });
    expect(forged.status).toBe(401);
  } finally {
    receiver.kill();
    await receiver.exited;
  }
});
