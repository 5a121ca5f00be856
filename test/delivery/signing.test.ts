import { afterEach, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { expectErrorShape } from "../helpers/test-app.ts";
import { startReceiver } from "../helpers/receiver.ts";
import { verifySignature } from "../helpers/signature.ts";
import type { RenderedRequest } from "../../src/delivery/render.ts";
import { jsonOf } from "../helpers/test-app.ts";

let h: DeliveryHarness;
afterEach(() => h.close());

async function rotate(id: number): Promise<string> {
  const res = await h.t.api(`/api/webhooks/${id}/signing-secret`, { method: "POST" });
  expect(res.status).toBe(201);
  const { signing_secret } = (await res.json()) as { signing_secret: string };
  return signing_secret;
}

describe("signed deliveries", () => {
  test("a new secret is whsec_ + base64 of 32 bytes, shown once; requests verify with it", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook({ body: '{"guest":"{{description}}"}' });
    const secret = await rotate(webhook.id);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    const shown = JSON.stringify(await (await h.t.api(`/api/webhooks/${webhook.id}`)).json());
    expect(shown).not.toContain(secret.slice(6));
    expect(shown).toContain('"signing_enabled":true');

    const uuid = (await h.postEvents({ type: "ticket.logged_in", data: { description: 'Ünïcode "quoted" <b>' } })).accepted[0]!;
    const [request] = await h.receiver.waitForCount(1);
    expect(request!.headers["webhook-id"]).toBe(uuid);
    expect(request!.headers["webhook-timestamp"]).toBe(String(Math.floor(h.clock.now / 1000)));
    expect(request!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifySignature(secret, request!)).toBe(true);
    expect(verifySignature(secret, { ...request!, body: request!.body.replace("Ü", "U") })).toBe(false);
  });

  test("after a rotation both signatures are sent for 24 h, then only the new one", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook();
    const old = await rotate(webhook.id);
    const current = await rotate(webhook.id);
    await h.postEvents({ type: "system.started" });
    const [during] = await h.receiver.waitForCount(1);
    expect(during!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verifySignature(old, during!)).toBe(true);
    expect(verifySignature(current, during!)).toBe(true);

    h.clock.now += 24 * 3_600_000 + 1;
    await h.postEvents({ type: "system.started" });
    const [, after] = await h.receiver.waitForCount(2);
    expect(after!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verifySignature(current, after!)).toBe(true);
    expect(verifySignature(old, after!)).toBe(false);
  });

  test("DELETE turns signing off", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook();
    await rotate(webhook.id);
    expect((await h.t.api(`/api/webhooks/${webhook.id}/signing-secret`, { method: "DELETE" })).status).toBe(204);
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(request!.headers["webhook-signature"]).toBeUndefined();
    expect(request!.headers["webhook-id"]).toBeDefined();
  });

  test("a retry is signed afresh, and the preview shows the headers redacted", async () => {
    h = await startDeliveryHarness((_, i) => new Response(null, { status: i === 0 ? 503 : 200 }));
    const webhook = await h.createWebhook();
    const secret = await rotate(webhook.id);
    const preview = await jsonOf<RenderedRequest>(h.t.api(`/api/webhooks/${webhook.id}/preview`, { method: "POST" }));
    expect(preview.headers["webhook-signature"]).toBe("v1,[redacted]");
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    h.advance(Date.parse(entry.next_attempt_at!) - h.clock.now);
    const [first, second] = await h.receiver.waitForCount(2);
    expect(Number(second!.headers["webhook-timestamp"]) - Number(first!.headers["webhook-timestamp"])).toBe(5);
    expect(verifySignature(secret, first!)).toBe(true);
    expect(verifySignature(secret, second!)).toBe(true);
  });

  test("signing-secret routes answer 404 for an unknown webhook", async () => {
    h = await startDeliveryHarness();
    await expectErrorShape(await h.t.api("/api/webhooks/4040/signing-secret", { method: "POST" }), 404, "not_found");
    await expectErrorShape(await h.t.api("/api/webhooks/4040/signing-secret", { method: "DELETE" }), 404, "not_found");
  });
});

describe("secrets at rest", () => {
  test("password, cached token and signing secret are unreadable in the raw database files", async () => {
    const authServer = startReceiver(() => Response.json({ token: "tok-SECRET-7f3a9c" }));
    try {
      h = await startDeliveryHarness();
      const webhook = await h.createWebhook({
        log_body_and_headers: true,
        auth: { type: "token", url: `${authServer.url}/login`, username: "box", password: "pw-SECRET-91b2", token_field: "token" },
      });
      const signing = await rotate(webhook.id);
      await h.postEvents({ type: "system.started" });
      await h.receiver.waitForCount(1);
      expect(h.receiver.requests[0]!.headers.authorization).toBe("Bearer tok-SECRET-7f3a9c");
      let raw = "";
      for (const file of await readdir(h.t.dir)) {
        if (file.startsWith("webhooks.db")) raw += Buffer.from(await Bun.file(`${h.t.dir}/${file}`).arrayBuffer()).toString("latin1");
      }
      // booleans, so a failure does not print the binary file
      expect(raw.includes("auth_tokens")).toBe(true);
      expect(raw.includes("pw-SECRET-91b2")).toBe(false);
      expect(raw.includes("tok-SECRET-7f3a9c")).toBe(false);
      expect(raw.includes(signing.slice(6))).toBe(false);
      expect(h.t.logLines.join("\n").includes("tok-SECRET-7f3a9c")).toBe(false);
    } finally {
      authServer.stop();
    }
  });
});
