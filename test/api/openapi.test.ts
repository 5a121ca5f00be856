import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, jsonOf, type TestApp } from "../helpers/test-app.ts";

/** As much of a JSON Schema as these tests read. */
interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
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

  test("the reference page is served from the binary", async () => {
    const res = await t.app.request("/api/docs");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("../api.html");
    const page = await t.app.request("/api.html");
    expect(await page.text()).toContain(`src="api-docs.js"`);
    expect((await t.app.request("/api-docs.js")).status).toBe(200);
  });
});
