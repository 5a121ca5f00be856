import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../../src/app.ts";
import { exampleWebhook } from "../helpers/fixtures.ts";
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
let webhookId: number;
let snapshot: string;

/** Everything stored, as one string: a hostile request must leave it exactly as it was. */
async function storedState(): Promise<string> {
  const tables = ["webhooks", "events", "deliveries", "attempts", "settings", "auth_tokens"];
  const dumps = [];
  for (const table of tables) dumps.push((await t.database.client.execute(`SELECT * FROM ${table} ORDER BY 1`)).rows);
  return JSON.stringify(dumps);
}

beforeAll(async () => {
  t = await createTestApp();
  const created = await t.api("/api/webhooks", { body: exampleWebhook() });
  expect(created.status).toBe(201);
  webhookId = ((await created.json()) as { id: number }).id;
  expect((await t.api("/api/events", { body: { type: "system.started" } })).status).toBe(202);
  expect((await t.api("/api/settings", { method: "PATCH", body: { max_attempts: 4 } })).status).toBe(200);
  snapshot = await storedState();
});
afterAll(() => t.close());

const ACCEPTABLE = new Set([400, 401, 404, 409, 413, 415, 422]);

/** Sends raw bytes and checks the answer is a 4xx in the error shape. */
async function expectRefused(method: string, path: string, body?: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "Content-Type": "application/json", ...headers },
    body: body as BodyInit | undefined,
  });
  const text = await res.text();
  if (!ACCEPTABLE.has(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  const parsed = JSON.parse(text) as { error: { code: string; message: string; issues: unknown[] } };
  expect(typeof parsed.error.code).toBe("string");
  expect(parsed.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(parsed.error.issues)).toBe(true);
  return res.status;
}

const BODY_ROUTES: [string, string][] = [
  ["POST", "/api/events"],
  ["POST", "/api/webhooks"],
  ["PUT", "/api/webhooks/{id}"],
  ["PATCH", "/api/webhooks/{id}"],
  ["POST", "/api/webhooks/preview"],
  ["POST", "/api/webhooks/{id}/preview"],
  ["POST", "/api/webhooks/{id}/test"],
  ["PUT", "/api/settings"],
  ["PATCH", "/api/settings"],
];
const route = (path: string) => path.replace("{id}", String(webhookId));

/** JSON values that are never a complete, valid request body for any route. */
const wrongShapes = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: false }).filter((v) => v === null || typeof v !== "object" || Array.isArray(v)),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 3 }), { maxKeys: 6 }).map((o) => ({ ...o, __unknown_field__: 1 })),
);

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom("\r\nX-Injected: 1", "{{#open}}", "{{/close}}", "<![CDATA[", "\u0000", "../../etc/passwd", "'; DROP TABLE webhooks; --", "\uD800"),
  fc.string({ minLength: 10_000, maxLength: 20_000 }),
);

const hostileEvent = fc.record(
  {
    type: fc.oneof(hostileString, fc.integer(), fc.constant(null)),
    uuid: fc.oneof(hostileString, fc.integer()),
    created_at: fc.oneof(hostileString, fc.integer()),
    ticket_id: fc.oneof(hostileString, fc.object()),
    data: fc.oneof(
      fc.dictionary(fc.constantFrom("time_used", "volume_limit", "client_ip", "backend_data", "ticket_price"), fc.oneof(hostileString, fc.double(), fc.object())),
      hostileString,
    ),
  },
  { requiredKeys: ["type"] },
).filter((e) => typeof e.type !== "string" || !/^(ticket|system)\./.test(e.type) || e.uuid !== undefined);

const hostileWebhook = fc.record({
  name: fc.oneof(hostileString, fc.integer()),
  url: fc.oneof(hostileString, fc.constant("javascript:alert(1)"), fc.constant("ftp://x")),
  events: fc.oneof(fc.array(hostileString, { maxLength: 200 }), hostileString),
  headers: fc.oneof(hostileString, fc.constant("X-A: 1\rX-B: 2"), fc.constant("Host: evil")),
  body: hostileString,
  method: hostileString,
  auth: fc.oneof(fc.record({ type: fc.constantFrom("basic", "token", "oauth") }), hostileString),
});

describe("hostile input", () => {
  test("random wrong JSON shapes to every route with a body: 4xx, error shape", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), wrongShapes, async ([method, path], body) => {
        await expectRefused(method, route(path), JSON.stringify(body));
      }),
      { numRuns: 150 },
    );
  });

  test("hostile events, one or in batches", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileEvent, fc.array(hostileEvent, { minLength: 1, maxLength: 5 })), async (body) => {
        await expectRefused("POST", "/api/events", JSON.stringify(body));
      }),
      { numRuns: 200 },
    );
  });

  test("hostile webhooks to create, replace, patch and preview", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ROUTES.slice(1, 5)), hostileWebhook, async ([method, path], webhook) => {
        const body = path === "/api/webhooks/preview" ? { webhook } : webhook;
        await expectRefused(method, route(path), JSON.stringify(body));
      }),
      { numRuns: 200 },
    );
  });

  test("one wrong field in an otherwise valid event: a 422 naming that very field", async () => {
    const validEvent = fc.record({
      type: fc.constantFrom("ticket.logged_in", "system.started", "custom.thing"),
      ticket_id: fc.string({ maxLength: 20 }).filter((s) => !s.includes("\u0000")),
      data: fc.record({ description: fc.string({ maxLength: 50 }), time_used: fc.nat() }, { requiredKeys: [] }),
    });
    const notInt = fc.oneof(
      fc.object(),
      fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }), // NaN goes out as null: absent, rightly accepted
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^-?\d{0,15}$/.test(s)),
    );
    const corruption = fc.oneof(
      fc.tuple(fc.constant(["ticket_id"]), fc.oneof(fc.object(), fc.array(fc.anything()), fc.string({ minLength: 201, maxLength: 400 }))),
      fc.tuple(fc.constant(["created_at"]), fc.oneof(fc.object(), fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-\d\d-\d\dT/.test(s)))),
      fc.tuple(fc.constantFrom(["data", "time_used"], ["data", "volume_limit"], ["data", "ticket_price"]), notInt),
      fc.tuple(fc.constantFrom(["data", "description"], ["data", "client_ip"]), fc.oneof(fc.object(), fc.integer(), fc.string({ minLength: 10_001, maxLength: 10_050 }))),
      fc.tuple(fc.constant(["data", "backend_data"]), fc.oneof(fc.integer(), fc.array(fc.integer()), fc.constant("[1,2]"))),
    );
    await fc.assert(
      fc.asyncProperty(validEvent, corruption, async (event, [path, value]) => {
        const body: Record<string, unknown> & { data: Record<string, unknown> } = structuredClone(event);
        if (path.length === 1) body[path[0]!] = value;
        else body.data[path[1]!] = value;
        expect(await expectRefused("POST", "/api/events", JSON.stringify(body))).toBe(422);
        const res = await t.api("/api/events", { body });
        expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toContain(path.join("."));
      }),
      { numRuns: 150 },
    );
  });

  test("one wrong field in an otherwise valid webhook: a 422 naming that very field", async () => {
    const corruption = fc.oneof(
      fc.tuple(fc.constant("url"), fc.oneof(fc.constant("crm.example/no-scheme"), fc.constant("ftp://x/y"), fc.constant("https://x/{{#open}}"))),
      fc.tuple(fc.constant("headers"), fc.oneof(fc.constant("X-A: {{x}}\rX-Injected: 1"), fc.constant("Host: evil.example"), fc.constant("X Bad: 1"), fc.constant("X-A: 1\u0000"))),
      fc.tuple(fc.constant("body"), fc.oneof(fc.constant('{"a": {{ticket_price}}}'), fc.constant("{{#open}}"), fc.constant('{"a":"{{constructor}}"}'))),
      fc.tuple(fc.constant("method"), fc.string({ maxLength: 10 }).filter((m) => !["POST", "GET", "PUT", "DELETE"].includes(m))),
      fc.tuple(fc.constant("name"), fc.oneof(fc.constant(""), fc.constant("n".repeat(201)), fc.constant("a\u0000b"), fc.integer())),
      fc.tuple(fc.constant("events"), fc.oneof(fc.constant([]), fc.constant(["ticket.exploded"]), fc.constant("ticket.*"))),
    );
    await fc.assert(
      fc.asyncProperty(corruption, fc.constantFrom(...BODY_ROUTES.slice(1, 5)), async ([field, value], [method, path]) => {
        const webhook = { ...exampleWebhook(), [field]: value };
        const body = path === "/api/webhooks/preview" ? { webhook } : webhook;
        expect(await expectRefused(method, route(path), JSON.stringify(body))).toBe(422);
        const res = await t.app.request(route(path), {
          method,
          headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        const issues = ((await res.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path.replace(/^webhook\./, ""));
        expect(issues.some((p) => p === field || p.startsWith(`${field}.`))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test("malformed JSON, invalid UTF-8, deep nesting, huge bodies, wrong content types", async () => {
    for (const [method, path] of BODY_ROUTES) {
      const p = route(path);
      expect(await expectRefused(method, p, '{"type": "ticket.logged_in",')).toBe(400);
      await expectRefused(method, p, new Uint8Array([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      // broken bytes where any text would do: refused, not stored as U+FFFD
      const valid = path === "/api/events" ? '{"type":"ticket.logged_in","data":{"description":"Zimmer ' : '{"name":"CRM ';
      const broken = new Uint8Array([...new TextEncoder().encode(valid), 0xff, 0xfe, 0xc3, ...new TextEncoder().encode(path === "/api/events" ? '"}}' : '"}')]);
      expect(await expectRefused(method, p, broken)).toBe(400);
      await expectRefused(method, p, `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
      await expectRefused(method, p, JSON.stringify({ data: JSON.parse(`${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`) }));
      expect(await expectRefused(method, p, "x".repeat(MAX_BODY_BYTES + 10))).toBe(413);
      expect(await expectRefused(method, p, "a=1", { "Content-Type": "text/plain" })).toBe(415);
    }
    await expectRefused("POST", "/api/events", JSON.stringify(Array.from({ length: 1001 }, () => ({ type: "system.started" }))));
    await expectRefused(
      "POST",
      "/api/events",
      JSON.stringify({ type: "ticket.logged_in", data: { vendor: JSON.parse(`${"[".repeat(2000)}${"]".repeat(2000)}`) } }),
    );
  });

  test("every route that can take a body, as the app lists them: malformed JSON is a 400, an unknown field a 422", async () => {
    const deliveryId = Number((await t.database.client.execute("SELECT max(id) AS id FROM deliveries")).rows[0]!.id);
    const writing = [...new Set(t.app.routes.filter((r) => r.path.startsWith("/api/") && ["POST", "PUT", "PATCH", "DELETE"].includes(r.method)).map((r) => `${r.method} ${r.path}`))];
    expect(writing.length).toBeGreaterThan(12);
    for (const entry of writing) {
      const [method, template] = entry.split(" ") as [string, string];
      const path = template.replace("/log/:id", `/log/${deliveryId}`).replace(":id", String(webhookId));
      expect(await expectRefused(method, path, '{"type": "ticket.logged_in",'), entry).toBe(400);
      expect(await expectRefused(method, path, JSON.stringify({ surely_unknown_field: 1 })), entry).toBe(422);
    }
  });

  test("ids and queries that name nothing or try to escape", async () => {
    const ids = ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "1;DROP TABLE webhooks", "١", "9".repeat(40), "-1", "0x1", "1e2", " 1"];
    for (const id of ids) {
      const enc = encodeURIComponent(id);
      for (const [method, path] of [
        ["GET", `/api/webhooks/${enc}`],
        ["DELETE", `/api/webhooks/${enc}`],
        ["POST", `/api/webhooks/${enc}/copy`],
        ["POST", `/api/webhooks/${enc}/auth/test`],
        ["POST", `/api/webhooks/${enc}/signing-secret`],
        ["DELETE", `/api/webhooks/${enc}/signing-secret`],
        ["GET", `/api/log/${enc}`],
        ["POST", `/api/log/${enc}/resend`],
      ] as const) {
        expect(await expectRefused(method, path)).toBe(404);
      }
    }
    for (const query of ["limit=-5", "limit=1e9", "since=%00", "status=..%2F", "event_type=%0d%0a", "webhook_id=1%20OR%201%3D1", "cursor=-1", "x=1"]) {
      expect(await expectRefused("GET", `/api/log?${query}`)).toBe(422);
    }
  });

  test("afterwards the service still answers and nothing stored has changed", async () => {
    const health = await t.app.request("/api/health");
    expect(health.status).toBe(200);
    expect(await storedState()).toBe(snapshot);
  });
});
