/**
 * Every operation of the API document, sent what a broken or hostile script might send:
 * each field of its documented example replaced by values of the wrong type, size or
 * shape, odd path ids and query values, bodies that are not the documented shape at all.
 * Whatever comes, the answer is a 4xx with the error shape, or a success: never a 5xx.
 * Where hostile-input.test.ts checks chosen routes for exact refusals and untouched data,
 * this one follows the document, so an operation added to it is walked too.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

interface Operation {
  method: string;
  path: string;
  params: { in: string; name: string }[];
  example: unknown;
}

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  " ",
  "x".repeat(100_000),
  "\u0000",
  "🏨\ud800",
  "../../etc/passwd",
  "{{#a}}{{/b}}",
  "<x/>",
  "http://[::1",
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
];

const PATH_VALUES = ["1", "0", "-1", "abc", "1.5", "1e3", "99999999999999999999", "%00", "%E2%82%AC", "9".repeat(400)];
const QUERY_VALUES = ["", "abc", "-1", "0", "1e309", "99999999999999999999", "x".repeat(5000), "[]", "%00", "%FF", "2026-13-45T99:99:99Z"];

/** Copies of `value` with the node at each path (every depth) replaced by each hostile value. */
function mutations(value: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, replace: (v: unknown) => unknown) => {
    for (const hostile of HOSTILE_VALUES) out.push(replace(hostile));
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, (v) => replace(node.map((c, j) => (j === i ? v : c)))));
      out.push(replace([...node, ...node, ...node]));
    } else if (node !== null && typeof node === "object") {
      for (const key of Object.keys(node)) walk((node as Record<string, unknown>)[key], (v) => replace({ ...node, [key]: v }));
      out.push(replace({ ...node, unknown_field: 1 }));
    }
  };
  walk(value, (v) => v);
  return out;
}

function deepNesting(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

let t: TestApp;
/** How often each status came back: the walk must reach the handlers, not stop at the door. */
const statuses = new Map<number, number>();
let operations: Operation[];
let eventUuid: string;

beforeAll(async () => {
  t = await createTestApp();
  // something for the ids to find: a webhook (closed port: a test send fails at once), an event, a delivery
  const created = await t.api("/api/webhooks", { body: { name: "target", url: "http://127.0.0.1:9/hook", events: ["*"] } });
  expect(created.status).toBe(201);
  const accepted = await t.api("/api/events", { body: { type: "ticket.logged_in", ticket_id: "4711" } });
  expect(accepted.status).toBe(202);
  eventUuid = ((await accepted.json()) as { accepted: string[] }).accepted[0]!;
  const doc = (await (await t.api("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { example?: unknown }> } }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      example: op.requestBody?.content["application/json"]?.example,
    })),
  );
});
afterAll(() => t.close());

/** Sends one request; a 5xx, or an error without the error shape, fails with what was sent. */
async function expectHandled(method: string, path: string, body?: string, contentType = "application/json") {
  const res = await t.api(path, { method, ...(body !== undefined && { body, headers: { "Content-Type": contentType } }) });
  const sent = `${method} ${path.slice(0, 200)} ${body?.slice(0, 300) ?? ""}`;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  expect({ sent, status: res.status < 500 }).toEqual({ sent, status: true });
  if (res.status >= 400) {
    const answer = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect({ sent, code: typeof answer.error?.code, message: typeof answer.error?.message }).toEqual({ sent, code: "string", message: "string" });
  } else {
    await res.arrayBuffer();
  }
}

const withId = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);

/**
 * The path with the ids of things that exist: the event, its delivery, and a webhook made
 * anew for each request that sends (an earlier PUT may have pointed it at a host that is
 * not there, whose timeout each test send would wait for), or when one was deleted.
 */
async function existing(path: string): Promise<string> {
  const list = async () => ((await (await t.api("/api/webhooks")).json()) as { items: { id: number }[] }).items;
  let hooks = await list();
  if (hooks.length === 0 || path.endsWith("/test")) {
    for (const hook of hooks) await t.api(`/api/webhooks/${hook.id}`, { method: "DELETE" });
    await t.api("/api/webhooks", { body: { name: "target", url: "http://127.0.0.1:9/hook", events: ["*"] } });
    hooks = await list();
  }
  return path.replace("{uuid}", eventUuid).replace("{id}", path.startsWith("/api/webhooks/") ? String(hooks[0]!.id) : "1");
}

describe("hostile requests to every documented operation", () => {
  test("the document lists the operations this test walks", () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((o) => o.example !== undefined).length).toBeGreaterThan(10);
  });

  test("odd path ids and query values: a 4xx or an answer, never a 5xx", async () => {
    for (const op of operations) {
      const body = op.example === undefined ? undefined : JSON.stringify(op.example);
      for (const id of op.path.includes("{") ? PATH_VALUES : []) await expectHandled(op.method, withId(op.path, id), body);
      await expectHandled(op.method, await existing(op.path), body);
      for (const param of op.params.filter((p) => p.in === "query")) {
        for (const value of QUERY_VALUES) {
          await expectHandled(op.method, `${await existing(op.path)}?${param.name}=${encodeURIComponent(value)}&${param.name}=2`);
        }
      }
    }
  });

  test("bodies that are not the documented shape at all", async () => {
    const bodies = ["", "null", "[]", '"text"', "1", "{", '{"a":1,}', "\ufeff{}", deepNesting(100_000), `{"a":${deepNesting(5_000)}}`];
    for (const op of operations.filter((o) => o.example !== undefined)) {
      const path = await existing(op.path);
      for (const body of bodies) await expectHandled(op.method, path, body);
      await expectHandled(op.method, path, JSON.stringify(op.example), "text/plain");
    }
  });

  test("each field of each documented example replaced by a value of the wrong type, size or shape", async () => {
    let sent = 0;
    for (const op of operations.filter((o) => o.example !== undefined)) {
      for (const body of mutations(op.example)) {
        await expectHandled(op.method, await existing(op.path), JSON.stringify(body));
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(1000);
    // the walk reached the handlers: most were turned away by validation, some went through
    expect(statuses.get(422)).toBeGreaterThan(1000);
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0) + (statuses.get(202) ?? 0)).toBeGreaterThan(300);
    // nothing reached a prototype
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
