import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { exampleWebhook } from "../../helpers/fixtures.ts";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../../helpers/test-app.ts";
import type { ApiWebhook } from "../../../src/api/webhooks.schemas.ts";

let t: TestApp;
let clock: Date;
beforeEach(async () => {
  clock = new Date("2026-11-28T10:00:00.000Z");
  t = await createTestApp({ now: () => clock });
});
afterEach(() => t.close());

const PASSWORD = exampleWebhook().auth.password;

async function create(body: unknown = exampleWebhook()) {
  const res = await t.api("/api/webhooks", { body });
  expect(res.status).toBe(201);
  return jsonOf<ApiWebhook>(res);
}

describe("webhooks: create and read", () => {
  test("create answers 201 with the stored webhook, id and timestamps", async () => {
    const created = await create();
    const { password, ...authWithoutPassword } = exampleWebhook().auth;
    expect(created).toEqual({
      ...exampleWebhook(),
      auth: { ...authWithoutPassword, password_set: true },
      tls: { ca: "", client_cert: "", client_key_set: false },
      id: expect.any(Number),
      disabled_reason: null,
      signing_enabled: false,
      created_at: "2026-11-28T10:00:00.000Z",
      updated_at: "2026-11-28T10:00:00.000Z",
    });
    const got = await t.api(`/api/webhooks/${created.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(created);
  });

  test("only name, url and events are required; the rest has defaults", async () => {
    const created = await create({ name: "CRM", url: "http://10.0.0.5/hook", events: ["ticket.*"] });
    expect(created).toMatchObject({
      method: "POST",
      headers: "",
      body: "",
      body_mime_type: "application/json",
      log_body_and_headers: false,
      enabled: true,
      ordering: "ticket",
      auth: { type: "none", password_set: false, token_refresh_interval: 60 },
    });
  });

  test("list returns every webhook in creation order", async () => {
    const a = await create(exampleWebhook({ name: "A" }));
    const b = await create(exampleWebhook({ name: "B" }));
    const res = await t.api("/api/webhooks");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: number }[] };
    expect(items.map((w) => w.id)).toEqual([a.id, b.id]);
  });

  test.each(["999999", "abc", "0", "1.5", "-1", "..%2F..%2Fetc%2Fpasswd", "1e3"])("id %s names no webhook: 404", async (id) => {
    const error = await expectErrorShape(await t.api(`/api/webhooks/${id}`), 404, "not_found");
    expect(error.message).toContain("No webhook with id");
  });
});

describe("webhooks: update", () => {
  test("PUT replaces: what it leaves out returns to its default", async () => {
    const created = await create();
    clock = new Date("2026-11-28T11:00:00.000Z");
    const res = await t.api(`/api/webhooks/${created.id}`, {
      method: "PUT",
      body: { name: "Renamed", url: "https://crm.example/v2", events: ["system.started"] },
    });
    expect(res.status).toBe(200);
    const updated = await jsonOf<ApiWebhook>(res);
    expect(updated).toMatchObject({
      id: created.id,
      name: "Renamed",
      url: "https://crm.example/v2",
      events: ["system.started"],
      headers: "",
      body: "",
      auth: { type: "none", password_set: false },
      created_at: created.created_at,
      updated_at: "2026-11-28T11:00:00.000Z",
    });
  });

  test("PUT without a password keeps the stored one; with one, replaces it", async () => {
    const created = await create();
    const { password, ...auth } = exampleWebhook().auth;
    const kept = await t.api(`/api/webhooks/${created.id}`, { method: "PUT", body: exampleWebhook({ auth }) });
    expect((await jsonOf<ApiWebhook>(kept)).auth.password_set).toBe(true);
    const repo = await import("../../../src/webhooks/repository.ts");
    const { loadSecretBox } = await import("../../../src/security/secret-box.ts");
    const webhooks = new repo.WebhookRepository(t.database.db, (await loadSecretBox(t.dir)).box);
    expect((await webhooks.get(created.id))!.auth.password).toBe(PASSWORD);

    await t.api(`/api/webhooks/${created.id}`, { method: "PUT", body: exampleWebhook({ auth: { ...auth, password: "new-one" } }) });
    expect((await webhooks.get(created.id))!.auth.password).toBe("new-one");
  });

  test("a change that would send the stored password elsewhere must carry it again; the same place keeps it", async () => {
    const created = await create();
    const { password, ...auth } = exampleWebhook().auth;
    const samePlace = await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { auth: { url: "https://crm.example/v2/login" } } });
    expect(samePlace.status).toBe(200);
    for (const [method, body] of [
      ["PATCH", { auth: { url: "https://attacker.example/login" } }],
      ["PUT", exampleWebhook({ auth: { ...auth, url: "https://attacker.example/login" } })],
      ["PATCH", { url: "https://attacker.example/hook", auth: { type: "basic" } }],
    ] as const) {
      const error = await expectErrorShape(await t.api(`/api/webhooks/${created.id}`, { method, body }), 422, "validation_failed");
      expect(error.issues).toContainEqual({ path: "auth.password", message: expect.stringContaining("enter the password again: it would now be sent to https://attacker.example") });
    }
    const moved = await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { auth: { url: "https://new.example/login", password: "retyped" } } });
    expect(moved.status).toBe(200);
  });

  test("to the same place, an empty password clears the stored one", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { auth: { password: "" } } });
    expect(res.status).toBe(200);
    expect((await jsonOf<ApiWebhook>(res)).auth.password_set).toBe(false);
  });

  test("a webhook breaking a rule newer than it can still be switched off, and changed without new problems", async () => {
    const { settingsFromInput } = await import("../../../src/webhooks/settings-merge.ts");
    // stored before the rule that templates must also render with empty data fields
    const legacy = await t.webhooks.create(settingsFromInput({ ...exampleWebhook(), body: '{"price": {{ticket_price}}}' } as never), new Date());
    expect((await t.api(`/api/webhooks/${legacy.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    expect((await t.api(`/api/webhooks/${legacy.id}`, { method: "PATCH", body: { name: "Legacy, renamed" } })).status).toBe(200);
    const worse = await t.api(`/api/webhooks/${legacy.id}`, { method: "PATCH", body: { url: "crm.example/no-scheme" } });
    await expectErrorShape(worse, 422, "validation_failed");
    // the broken setting itself, changed, must pass, though its problem reads the same
    const stillBroken = await t.api(`/api/webhooks/${legacy.id}`, { method: "PATCH", body: { body: '{"id": "{{event.uuid}}", "paid": {{ticket_price}}}' } });
    expect((await expectErrorShape(stillBroken, 422, "validation_failed")).issues[0]!.path).toBe("body");
  });

  test("PATCH merges: only the fields sent change, auth field by field", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}`, {
      method: "PATCH",
      body: { name: "Only the name", auth: { token_refresh_interval: 5 } },
    });
    expect(res.status).toBe(200);
    const patched = await jsonOf<ApiWebhook>(res);
    expect(patched).toEqual({
      ...created,
      name: "Only the name",
      auth: { ...created.auth, token_refresh_interval: 5 },
      updated_at: expect.any(String),
    });
  });

  test("switching authentication off forgets the password", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { auth: { type: "none" } } });
    expect((await jsonOf<ApiWebhook>(res)).auth.password_set).toBe(false);
  });

  test("PATCH is validated as a whole: a GET with the stored body is refused", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { method: "GET" } });
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues).toEqual([{ path: "body", message: expect.stringContaining("a GET request sends no body") }]);
    expect((await jsonOf<ApiWebhook>(t.api(`/api/webhooks/${created.id}`))).method).toBe("POST");
  });

  test("re-enabling clears why the service had disabled the webhook", async () => {
    const created = await create();
    await t.database.client.execute({
      sql: "UPDATE webhooks SET enabled = 0, disabled_reason = 'endpoint answered 410 Gone' WHERE id = ?",
      args: [created.id],
    });
    const disabled = await jsonOf<ApiWebhook>(t.api(`/api/webhooks/${created.id}`));
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: "endpoint answered 410 Gone" });
    const res = await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { enabled: true } });
    expect(await res.json()).toMatchObject({ enabled: true, disabled_reason: null });
  });

  test("PUT, PATCH and DELETE of an unknown webhook are 404", async () => {
    await expectErrorShape(await t.api("/api/webhooks/4242", { method: "PUT", body: exampleWebhook() }), 404, "not_found");
    await expectErrorShape(await t.api("/api/webhooks/4242", { method: "PATCH", body: { name: "x" } }), 404, "not_found");
    await expectErrorShape(await t.api("/api/webhooks/4242", { method: "DELETE" }), 404, "not_found");
  });
});

describe("webhooks: delete and copy", () => {
  test("DELETE answers 204, then the webhook is gone", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectErrorShape(await t.api(`/api/webhooks/${created.id}`), 404, "not_found");
  });

  test("copy saves the settings, password included, under a new id and a '(copy)' name", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}/copy`, { method: "POST" });
    expect(res.status).toBe(201);
    const copy = await jsonOf<ApiWebhook>(res);
    expect(copy.id).not.toBe(created.id);
    expect(copy).toEqual({ ...created, id: copy.id, name: "Server1: System Events (copy)" });
  });

  test("a copy of a 200-character name still fits in 200 characters", async () => {
    const created = await create(exampleWebhook({ name: "n".repeat(200) }));
    const copy = await jsonOf<ApiWebhook>(t.api(`/api/webhooks/${created.id}/copy`, { method: "POST" }));
    expect(copy.name).toHaveLength(200);
    expect(copy.name).toEndWith(" (copy)");
  });

  test("copy with changes: applied to the copy in the one request, the original unchanged; a name in them names the copy", async () => {
    const created = await create();
    const res = await t.api(`/api/webhooks/${created.id}/copy`, { body: { headers: "X-Site: 8", events: ["system.*"], auth: { token_field: "data.token" } } });
    expect(res.status, await res.clone().text()).toBe(201);
    const copy = await jsonOf<ApiWebhook>(res);
    expect(copy).toEqual({
      ...created,
      id: copy.id,
      name: "Server1: System Events (copy)",
      headers: "X-Site: 8",
      events: ["system.*"],
      auth: { ...created.auth, token_field: "data.token", password_set: true },
    });
    expect(await jsonOf<ApiWebhook>(t.api(`/api/webhooks/${created.id}`))).toEqual(created);
    const named = await jsonOf<ApiWebhook>(t.api(`/api/webhooks/${created.id}/copy`, { body: { name: "For the spa" } }));
    expect(named.name).toBe("For the spa");
    expect((await t.api(`/api/webhooks/${created.id}/copy`, { body: {} })).status).toBe(201);
  });

  test("copy changes are validated whole: 422 naming each field, and no copy is made", async () => {
    const created = await create();
    const count = async () => (await jsonOf<{ items: unknown[] }>(t.api("/api/webhooks"))).items.length;
    const before = await count();
    const copy = (body: unknown) => t.api(`/api/webhooks/${created.id}/copy`, { body });
    const wrong = await expectErrorShape(await copy({ method: "GET", url: "nope", colour: "red" }), 422, "validation_failed");
    expect(wrong.issues.map((i) => i.path)).toEqual(["colour"]);
    const rules = await expectErrorShape(await copy({ method: "GET", url: "nope" }), 422, "validation_failed");
    expect(rules.issues.map((i) => i.path).sort()).toEqual(["body", "url"]);
    // the stored password goes only where it went: elsewhere, the change must carry it
    const elsewhere = await expectErrorShape(await copy({ auth: { url: "https://other.example/login" } }), 422, "validation_failed");
    expect(elsewhere.issues[0]).toMatchObject({ path: "auth.password", message: expect.stringContaining("enter the password again") });
    expect(await count()).toBe(before);
    expect((await copy({ auth: { url: "https://other.example/login", password: "new-one" } })).status).toBe(201);
  });

  test("copy of an unknown webhook is 404", async () => {
    await expectErrorShape(await t.api("/api/webhooks/77/copy", { method: "POST" }), 404, "not_found");
  });
});

describe("secrets", () => {
  test("no response ever carries the password", async () => {
    const created = await create();
    const responses = [
      await t.api("/api/webhooks"),
      await t.api(`/api/webhooks/${created.id}`),
      await t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { name: "p" } }),
      await t.api(`/api/webhooks/${created.id}/copy`, { method: "POST" }),
      await t.api(`/api/webhooks/${created.id}/preview`, { method: "POST" }),
    ];
    for (const res of responses) {
      const text = await res.text();
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('"password"');
    }
  });

  test("the password is not readable in the database files", async () => {
    await create();
    await t.database.client.execute("PRAGMA wal_checkpoint(FULL)");
    let raw = "";
    for (const file of await readdir(t.dir)) {
      if (file.startsWith("webhooks.db")) raw += await Bun.file(`${t.dir}/${file}`).text();
    }
    // booleans, so a failure does not print the binary file
    expect(raw.includes("Server1: System Events")).toBe(true);
    expect(raw.includes(PASSWORD)).toBe(false);
  });
});
