import { afterEach, describe, expect, test } from "bun:test";
import { createSecretBox } from "../../src/security/secret-box.ts";
import { startDeliveryHarness } from "../helpers/delivery-harness.ts";
import { expectErrorShape } from "../helpers/test-app.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Json = Record<string, any>;

describe("a secret that does not open at send time (sealed by an instance with another key)", () => {
  test("is a failed attempt saying so, retried as any other; nothing reaches the receiver, neither without credentials nor unsigned", async () => {
    const h = await startDeliveryHarness();
    cleanups.push(() => h.close());
    const basic = await h.createWebhook({ auth: { type: "basic", username: "guest", password: "pw" } }, "/basic");
    const signed = await h.createWebhook({}, "/signed");
    expect((await h.t.api(`/api/webhooks/${signed.id}/signing-secret`, { method: "POST" })).status).toBe(201);
    const otherKey = await createSecretBox(crypto.getRandomValues(new Uint8Array(32)));
    await h.t.database.client.batch([
      { sql: "UPDATE webhooks SET auth_password_enc = ?, revision = revision + 1 WHERE id = ?", args: [await otherKey.encrypt("pw"), basic.id] },
      { sql: "UPDATE webhooks SET signing_secret_enc = ?, revision = revision + 1 WHERE id = ?", args: [await otherKey.encrypt("whsec_x"), signed.id] },
    ]);
    // as a change by another instance: seen within a second
    h.advance(1000);
    await h.passes();
    const [uuid] = (await h.postEvents({ type: "ticket.logged_in" })).accepted;
    const basicEntry = await h.waitForEntry(uuid!, (e) => e.attempts === 1, basic.id);
    expect(basicEntry).toMatchObject({ status: "retrying", response_status: null });
    expect(basicEntry.error).toBe("secret.key does not open the stored password: enter the password again; nothing is sent without it");
    const signedEntry = await h.waitForEntry(uuid!, (e) => e.attempts === 1, signed.id);
    expect(signedEntry).toMatchObject({ status: "retrying" });
    expect(signedEntry.error).toBe("secret.key does not open the stored signing secret: rotate the signing secret; nothing is sent without it");
    expect(h.receiver.requests).toEqual([]);

    const tested = await h.t.api(`/api/webhooks/${signed.id}/test`, { method: "POST" });
    expect(await tested.json()).toMatchObject({ ok: false, response_status: null, error: expect.stringContaining("secret.key does not open") });
    expect(h.receiver.requests).toEqual([]);
    const shown = (await (await h.t.api(`/api/webhooks/${basic.id}`)).json()) as Json;
    expect(shown.auth.password_set).toBe(false);
    // a change must carry the password again, and a signed webhook stays signed
    const renamed = await h.t.api(`/api/webhooks/${basic.id}`, { method: "PATCH", body: { name: "renamed" } });
    expect((await expectErrorShape(renamed, 422, "validation_failed")).issues.map((i) => i.path)).toEqual(["auth.password"]);
    const kept = await h.t.api(`/api/webhooks/${signed.id}`, { method: "PATCH", body: { name: "renamed" } });
    expect((await expectErrorShape(kept, 422, "validation_failed")).issues.map((i) => i.path)).toEqual(["enabled"]);
  });
});
