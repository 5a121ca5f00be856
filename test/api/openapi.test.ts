import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { startReceiver } from "../helpers/receiver.ts";
import { createTestApp, jsonOf, type TestApp } from "../helpers/test-app.ts";

/** As much of a JSON Schema as these tests read. */
interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
}

/** As much of an operation as these tests read. */
interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { example?: unknown }> };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Routes the app answers that are about the document itself, not the API it describes. */
const SELF = new Set(["GET /api/openapi.json", "GET /api/docs"]);

describe("OpenAPI document", () => {
  test("lists every route the app serves, and nothing else", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = [
      ...new Set(
        t.app.routes
          .filter((r) => r.path.startsWith("/api/") && r.method !== "ALL")
          .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
      ),
    ]
      .filter((r) => !SELF.has(r))
      .sort();
    expect(served.length).toBeGreaterThan(20);
    expect(documented).toEqual(served);
  });

  test("every operation documents its error responses in the one shape", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }>; headers?: Record<string, unknown> }> }>>;
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path === "/api/health") continue;
      for (const op of Object.values(methods)) {
        expect(op.responses["401"]?.content?.["application/json"]?.schema.$ref).toBe("#/components/schemas/Error");
        expect(op.responses["401"]?.headers).toHaveProperty("WWW-Authenticate");
        expect(op.responses["429"]?.content?.["application/json"]?.schema.$ref).toBe("#/components/schemas/Error");
        expect(op.responses["429"]?.headers).toHaveProperty("Retry-After");
      }
    }
  });

  test("an event as the README shows it fits the document: numbers as strings, backend_data as a JSON string", async () => {
    const doc = await jsonOf<{ components: { schemas: Record<string, JsonSchema> } }>(t.app.request("/api/openapi.json"));
    const data = doc.components.schemas.EventInput!.properties!.data!.properties!;
    const allows = (schema: JsonSchema, value: unknown): boolean => {
      if (schema.anyOf) return schema.anyOf.some((s) => allows(s, value));
      const type = value === null ? "null" : typeof value === "number" ? "integer" : typeof value === "string" ? "string" : "object";
      const types = [schema.type].flat();
      return types.includes(type) && (type !== "string" || !schema.pattern || new RegExp(schema.pattern).test(value as string));
    };
    const event = { time_used: "3600", ticket_price: "", volume_used: 12, backend_data: '{"pms":{"room":"12"}}', client_ip: "10.0.0.1" };
    for (const [field, value] of Object.entries(event)) expect(allows(data[field]!, value), field).toBe(true);
    expect((await t.api("/api/events", { body: { type: "ticket.logged_in", data: event } })).status).toBe(202);
  });

  test("Redocly's recommended rules, run as an integrator would, find no error and no warning not waived", async () => {
    // the path the waivers in .redocly.lint-ignore.yaml name
    const linted = "test/artifacts/openapi.json";
    await mkdir("test/artifacts", { recursive: true });
    await writeFile(linted, await (await t.app.request("/api/openapi.json")).text());
    const cli = Bun.spawn([process.execPath, "node_modules/@redocly/cli/bin/cli.js", "lint", linted, "--config", "redocly.yaml", "--format=json"], {
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    const [out, err] = await Promise.all([new Response(cli.stdout).text(), new Response(cli.stderr).text()]);
    await cli.exited;
    const report = JSON.parse(out) as { totals: { errors: number; warnings: number; ignored: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`), err).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 1 });
  }, 30_000);

  test("every operation has a stable operationId, a summary, a tag, and an example for its request body", async () => {
    const doc = await jsonOf<{ paths: Record<string, Record<string, Operation>> }>(t.app.request("/api/openapi.json"));
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    for (const op of operations) {
      expect(op.operationId, op.summary).toMatch(/^[a-z]+[A-Z]\w+$/);
      expect(op.summary?.length, op.operationId).toBeGreaterThan(0);
      expect(op.tags?.length, op.operationId).toBe(1);
      if (op.requestBody) expect(op.requestBody.content["application/json"]?.example, op.operationId).toBeDefined();
    }
  });

  test("each example request body is accepted by its route", async () => {
    const doc = await jsonOf<{ paths: Record<string, Record<string, Operation>> }>(t.app.request("/api/openapi.json"));
    const receiver = startReceiver();
    try {
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const example = op.requestBody?.content["application/json"]?.example;
          if (example === undefined) continue;
          // a webhook of its own: one example (switching it off) must not decide another's answer
          const { id } = await jsonOf<{ id: number }>(t.api("/api/webhooks", { body: { name: `Example ${op.operationId}`, url: receiver.url, events: ["*"] } }));
          const answer = await t.api(path.replace("{id}", String(id)), { method: method.toUpperCase(), body: example });
          expect(`${op.operationId}: ${answer.status}`, await answer.clone().text()).toMatch(/: 20[0-2]$/);
        }
      }
    } finally {
      receiver.stop();
    }
  });

  test("the reference page is served from the binary", async () => {
    const res = await t.app.request("/api/docs");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("../api.html");
    const page = await t.app.request("/api.html");
    expect(await page.text()).toContain(`src="api-docs.js"`);
    expect((await t.app.request("/api-docs.js")).status).toBe(200);
  });
});
