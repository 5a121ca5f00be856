import { describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { makeTestCa, makeTestCertificate } from "../helpers/test-certificate.ts";
import { verifySignature } from "../helpers/signature.ts";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../helpers/test-app.ts";

const cleanups = cleanupAfterEach();
const PASSPHRASE = "a long passphrase for the backup";

interface Summary {
  dry_run: boolean;
  settings: { changed: string[] };
  webhooks: { name: string; action: string; id: number | null; notes: string[] }[];
}

async function app(): Promise<TestApp> {
  const t = await createTestApp();
  cleanups.add(() => t.close());
  return t;
}

async function harness(): Promise<DeliveryHarness> {
  const h = await startDeliveryHarness();
  cleanups.add(() => h.close());
  return h;
}

async function createWebhook(t: TestApp, body: Record<string, unknown>) {
  const res = await t.api("/api/webhooks", { body: { url: "http://127.0.0.1:9/hook", events: ["*"], ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return jsonOf<{ id: number; name: string }>(res);
}

const exportFrom = async (t: TestApp) => jsonOf<Record<string, unknown>>(t.api("/api/config/export", { body: { passphrase: PASSPHRASE } }));

function importInto(t: TestApp, body: Record<string, unknown>) {
  return t.api("/api/config/import", { body: { mode: "merge", ...body } });
}

const names = async (t: TestApp) => (await jsonOf<{ items: { name: string }[] }>(t.api("/api/webhooks"))).items.map((w) => w.name).sort();

describe("GET /api/config", () => {
  test("settings and every webhook, versioned, ids as references, no secret", async () => {
    const t = await app();
    const { id } = await createWebhook(t, { name: "PMS", auth: { type: "basic", username: "wifi", password: "pw-not-shown" } });
    const secret = (await jsonOf<{ signing_secret: string }>(t.api(`/api/webhooks/${id}/signing-secret`, { method: "POST" }))).signing_secret;
    const res = await t.api("/api/config");
    const text = await res.clone().text();
    expect(text).not.toContain("pw-not-shown");
    expect(text).not.toContain(secret.slice(6));
    const doc = await jsonOf<{ format: number; settings: { max_attempts: number }; webhooks: Record<string, unknown>[]; secrets?: unknown }>(res);
    expect(doc.format).toBe(1);
    expect(doc.settings.max_attempts).toBe(6);
    expect(doc.secrets).toBeUndefined();
    expect(doc.webhooks).toEqual([expect.objectContaining({ id, name: "PMS", signing_enabled: true, auth: expect.not.objectContaining({ password: expect.anything() }) })]);
  });
});

describe("export and import", () => {
  test("an export imports on another box: the password is sent and deliveries are signed with the same secret", async () => {
    const source = await app();
    const h = await harness();
    const { id } = await createWebhook(source, {
      name: "Receiver",
      url: `${h.receiver.url}/hook`,
      auth: { type: "basic", username: "wifi", password: "s3cret-pw" },
    });
    const secret = (await jsonOf<{ signing_secret: string }>(source.api(`/api/webhooks/${id}/signing-secret`, { method: "POST" }))).signing_secret;
    const document = await exportFrom(source);
    expect(JSON.stringify(document)).not.toContain("s3cret-pw");
    expect(JSON.stringify(document)).not.toContain(secret.slice(6));
    expect(document.secrets).toMatchObject({ kdf: { name: "scrypt", N: 32768, r: 8, p: 1 }, cipher: { name: "AES-256-GCM" } });

    const res = await h.t.api("/api/config/import", { body: { document, passphrase: PASSPHRASE, mode: "replace" } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await jsonOf<Summary>(res)).webhooks).toEqual([{ name: "Receiver", action: "add", id: null, notes: [] }]);

    await h.postEvents({ type: "system.backup.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(request!.headers.authorization).toBe(`Basic ${btoa("wifi:s3cret-pw")}`);
    expect(verifySignature(secret, request!)).toBe(true);
  });

  test("a TLS client key is a secret: left out of GET /api/config, sealed in the export, working after the import", async () => {
    const ca = makeTestCa("PMS CA");
    const client = makeTestCertificate({ commonName: "box", issuedBy: ca });
    const from = await app();
    await createWebhook(from, { name: "LAN PMS", url: "https://pms.hotel.lan/hook", tls: { ca: ca.cert, client_cert: client.cert, client_key: client.key } });
    expect(await (await from.api("/api/config")).text()).not.toContain("PRIVATE KEY");
    const exported = await exportFrom(from);
    expect(JSON.stringify(exported)).not.toContain("PRIVATE KEY");

    const to = await app();
    expect((await importInto(to, { document: exported, passphrase: PASSPHRASE })).status).toBe(200);
    const [imported] = await to.webhooks.list();
    expect(imported!.tls).toEqual({ ca: ca.cert, client_cert: client.cert, client_key: client.key });
  });

  test("a wrong or missing passphrase is a 422 at passphrase, and nothing changes", async () => {
    const t = await app();
    await createWebhook(t, { name: "Kept" });
    const document = await exportFrom(t);
    const target = await app();
    for (const passphrase of ["not the passphrase", undefined]) {
      const error = await expectErrorShape(await importInto(target, { document, passphrase, mode: "replace" }), 422, "validation_failed");
      expect(error.issues.map((i) => i.path)).toEqual(["passphrase"]);
    }
    expect(await names(target)).toEqual([]);
  });

  test("an invalid document is refused whole, every problem named by its path, nothing written", async () => {
    const t = await app();
    await createWebhook(t, { name: "Stays" });
    const document = {
      format: 1,
      settings: { max_attempts: 0 },
      webhooks: [
        { id: 1, name: "Fine", url: "http://127.0.0.1:9/a", events: ["*"] },
        { id: 2, name: "Bad URL", url: "ftp://x", events: ["*"] },
        { id: 3, name: "No events", url: "http://127.0.0.1:9/b", events: [] },
        { id: 4, name: "Fine", url: "http://127.0.0.1:9/c", events: ["*"] },
      ],
    };
    const error = await expectErrorShape(await importInto(t, { document, mode: "replace" }), 422, "validation_failed");
    expect(error.issues.map((i) => i.path).sort()).toEqual(["document.settings.max_attempts", "document.webhooks.2.events", "document.webhooks.3.name"]);
    // the rules spanning fields are checked once the shape is right, before anything is written
    document.settings.max_attempts = 3;
    document.webhooks = document.webhooks.slice(0, 2);
    const rules = await expectErrorShape(await importInto(t, { document, mode: "replace" }), 422, "validation_failed");
    expect(rules.issues.map((i) => i.path)).toEqual(["document.webhooks.1.url"]);
    expect(await names(t)).toEqual(["Stays"]);
    expect((await jsonOf<{ max_attempts: number }>(t.api("/api/settings"))).max_attempts).toBe(6);
  });

  test("merge adds and changes by name and keeps the rest; replace removes the rest; a dry run writes nothing", async () => {
    const t = await app();
    await createWebhook(t, { name: "Same" });
    await createWebhook(t, { name: "Changed" });
    await createWebhook(t, { name: "Not in the document" });
    const document = {
      format: 1,
      settings: { max_attempts: 3 },
      webhooks: [
        { id: 7, name: "Same", url: "http://127.0.0.1:9/hook", events: ["*"] },
        { id: 8, name: "Changed", url: "http://127.0.0.1:9/other", events: ["*"] },
        { id: 9, name: "New", url: "http://127.0.0.1:9/new", events: ["ticket.*"] },
      ],
    };
    const actions = (s: Summary) => s.webhooks.map((w) => `${w.action} ${w.name}`);

    const preview = await jsonOf<Summary>(importInto(t, { document, mode: "replace", dry_run: true }));
    expect(actions(preview)).toEqual(["unchanged Same", "change Changed", "add New", "remove Not in the document"]);
    expect(preview.settings.changed).toEqual(["max_attempts"]);
    expect(await names(t)).toEqual(["Changed", "Not in the document", "Same"]);

    const merged = await jsonOf<Summary>(importInto(t, { document, mode: "merge" }));
    expect(actions(merged)).toEqual(["unchanged Same", "change Changed", "add New"]);
    expect(await names(t)).toEqual(["Changed", "New", "Not in the document", "Same"]);
    expect((await jsonOf<{ max_attempts: number }>(t.api("/api/settings"))).max_attempts).toBe(3);

    const replaced = await jsonOf<Summary>(importInto(t, { document, mode: "replace" }));
    expect(actions(replaced)).toEqual(["unchanged Same", "unchanged Changed", "unchanged New", "remove Not in the document"]);
    expect(await names(t)).toEqual(["Changed", "New", "Same"]);
  });

  test("a document without secrets keeps a matching webhook's password; a new one needs its password", async () => {
    const t = await app();
    await createWebhook(t, { name: "Basic", auth: { type: "basic", username: "u", password: "kept-pw" } });
    const { webhooks } = await jsonOf<{ webhooks: Record<string, unknown>[] }>(t.api("/api/config"));
    const ok = await importInto(t, { document: { format: 1, settings: {}, webhooks } });
    expect((await jsonOf<Summary>(ok)).webhooks).toEqual([{ name: "Basic", action: "unchanged", id: expect.any(Number), notes: [] }]);
    const fresh = await app();
    const error = await expectErrorShape(await importInto(fresh, { document: { format: 1, settings: {}, webhooks } }), 422, "validation_failed");
    expect(error.issues.map((i) => i.path)).toEqual(["document.webhooks.0.auth.password"]);
  });

  test("the document version 0.1.0 exported (kept in test/fixtures) imports, with its secrets", async () => {
    const fixture = JSON.parse(await readFile(new URL("../fixtures/config-format-1.json", import.meta.url), "utf8")) as Record<string, unknown>;
    const t = await app();
    const res = await importInto(t, { document: fixture, passphrase: "fixture passphrase 1", mode: "replace" });
    expect(res.status, await res.clone().text()).toBe(200);
    const { items } = await jsonOf<{ items: { name: string; signing_enabled: boolean; auth: { password_set: boolean } }[] }>(t.api("/api/webhooks"));
    expect(items.map((w) => [w.name, w.signing_enabled, w.auth.password_set])).toEqual([
      ["PMS check-in", true, true],
      ["Backup monitor", false, false],
    ]);
    expect((await jsonOf<{ log_retention_hours: number }>(t.api("/api/settings"))).log_retention_hours).toBe(72);
  });
});
