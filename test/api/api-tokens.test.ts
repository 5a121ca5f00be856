import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../helpers/test-app.ts";

interface ApiToken {
  id: number;
  name: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  token?: string;
}

let t: TestApp;
let clock = new Date("2026-12-03T10:00:00Z");
beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
});
afterAll(() => t.close());

async function createToken(name: string, scopes: string[]): Promise<ApiToken & { token: string }> {
  const res = await t.api("/api/tokens", { body: { name, scopes } });
  expect(res.status).toBe(201);
  return jsonOf(res);
}

function withToken(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) };
  return t.app.request(path, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

const listTokens = async () => (await jsonOf<{ items: ApiToken[] }>(t.api("/api/tokens"))).items;

describe("API tokens", () => {
  test("a token is shown once at creation; the list has its name, scopes and times, never the token", async () => {
    const created = await createToken("PMS script", ["events:write"]);
    expect(created).toEqual({ id: expect.any(Number), name: "PMS script", scopes: ["events:write"], created_at: clock.toISOString(), last_used_at: null, token: expect.stringMatching(/^iwh_[\w-]{43}$/) });
    const listed = (await listTokens()).find((k) => k.id === created.id);
    expect(listed).toEqual({ id: created.id, name: "PMS script", scopes: ["events:write"], created_at: clock.toISOString(), last_used_at: null });
    expect(JSON.stringify(await listTokens())).not.toContain(created.token);
  });

  test("the database keeps only a hash of the token", async () => {
    const { token } = await createToken("hashed", ["read"]);
    const rows = await t.database.client.execute("SELECT * FROM api_tokens");
    expect(JSON.stringify(rows.rows)).not.toContain(token);
    expect(JSON.stringify(rows.rows)).not.toContain(token.slice(4));
  });

  test("an events:write token queues events and nothing else", async () => {
    const { token } = await createToken("emitter", ["events:write"]);
    expect((await withToken(token, "/api/events", { body: { type: "system.backup.started" } })).status).toBe(202);
    const error = await expectErrorShape(await withToken(token, "/api/log"), 403, "forbidden");
    expect(error.message).toBe("This token lacks the scope 'read' that GET /api/log needs");
  });

  test("a read token reads, but cannot change a webhook, nor list the tokens", async () => {
    const { token } = await createToken("monitor", ["read"]);
    expect((await withToken(token, "/api/webhooks")).status).toBe(200);
    const error = await expectErrorShape(await withToken(token, "/api/webhooks", { body: { name: "x", url: "http://127.0.0.1:9/", events: ["*"] } }), 403, "forbidden");
    expect(error.message).toBe("This token lacks the scope 'admin' that POST /api/webhooks needs");
    await expectErrorShape(await withToken(token, "/api/tokens"), 403, "forbidden");
  });

  test("a revoked token gets 401", async () => {
    const { id, token } = await createToken("leaked", ["read"]);
    expect((await withToken(token, "/api/settings")).status).toBe(200);
    expect((await t.api(`/api/tokens/${id}`, { method: "DELETE" })).status).toBe(204);
    await expectErrorShape(await withToken(token, "/api/settings"), 401, "unauthorized");
    await expectErrorShape(await t.api(`/api/tokens/${id}`, { method: "DELETE" }), 404, "not_found");
    expect((await listTokens()).map((k) => k.id)).not.toContain(id);
  });

  test("last use is noted at most once a minute, not on every request", async () => {
    const { id, token } = await createToken("busy", ["read"]);
    const lastUsed = async () => (await listTokens()).find((k) => k.id === id)!.last_used_at;
    const first = clock;
    await withToken(token, "/api/settings");
    expect(await lastUsed()).toBe(first.toISOString());
    clock = new Date(first.getTime() + 59_000);
    await withToken(token, "/api/settings");
    expect(await lastUsed()).toBe(first.toISOString());
    clock = new Date(first.getTime() + 60_000);
    await withToken(token, "/api/settings");
    expect(await lastUsed()).toBe(clock.toISOString());
  });

  test.each([
    [{ name: "", scopes: ["read"] }, "name"],
    [{ name: "x", scopes: [] }, "scopes"],
    [{ name: "x", scopes: ["write"] }, "scopes.0"],
    [{ name: "x", scopes: ["read", "read"] }, "scopes"],
  ])("%j is refused naming %s", async (body, path) => {
    const error = await expectErrorShape(await t.api("/api/tokens", { body }), 422, "validation_failed");
    expect(error.issues.map((i) => i.path)).toContain(path);
  });

  test("a wrong token that looks like an API token is a 401", async () => {
    await expectErrorShape(await withToken(`iwh_${"A".repeat(43)}`, "/api/settings"), 401, "unauthorized");
  });
});

/** Served without any token: the health check and the API's own description. */
const PUBLIC = new Set(["GET /api/health", "GET /api/openapi.json", "GET /api/docs"]);

/** What each scope may use, written out here rather than taken from the code that decides it. */
const ALLOWED: Record<string, (method: string, path: string) => boolean> = {
  "events:write": (method, path) => method === "POST" && path === "/api/events",
  read: (method, path) => method === "GET" && path !== "/api/tokens",
  admin: () => true,
};

describe("a token of each scope against every route the app lists", () => {
  const routes = () => [
    ...new Set(t.app.routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL").map((r) => `${r.method} ${r.path}`)),
  ].filter((r) => !PUBLIC.has(r));

  test.each(Object.keys(ALLOWED))("%s: 403 naming the scope where it is not enough, through to the route elsewhere", async (scope) => {
    const { token } = await createToken(`table ${scope}`, [scope]);
    expect(routes().length).toBeGreaterThan(25);
    const wrong: string[] = [];
    for (const route of routes()) {
      const [method, path] = route.split(" ") as [string, string];
      // ids that name nothing: a route let through answers 404 or 422, and changes nothing
      const url = path.replace(":id", "999999").replace(":uuid", "0190f0b2-0000-7000-8000-000000000000");
      const res = await withToken(token, url, { method, body: ["POST", "PUT", "PATCH"].includes(method) ? {} : undefined });
      const allowed = ALLOWED[scope]!(method, path);
      if (allowed ? res.status === 403 || res.status === 401 : res.status !== 403) wrong.push(`${route}: ${res.status}`);
      if (!allowed) expect((await jsonOf<{ error: { message: string } }>(res)).error.message).toMatch(/lacks the scope '(read|admin|events:write)'/);
    }
    expect(wrong).toEqual([]);
  });
});
