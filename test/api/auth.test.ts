import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, expectErrorShape, TEST_ADMIN_TOKEN, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("admin authentication", () => {
  test("health needs no token and reports the version", async () => {
    const res = await t.app.request("/api/health");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  test("a missing token is refused with 401 and says how to send one", async () => {
    const error = await expectErrorShape(await t.app.request("/api/anything"), 401, "unauthorized");
    expect(error.message).toContain("Authorization: Bearer");
  });

  test.each([
    ["a wrong token", `Bearer ${TEST_ADMIN_TOKEN}x`],
    ["a prefix of the token", `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}`],
    ["another scheme", `Basic ${btoa(`admin:${TEST_ADMIN_TOKEN}`)}`],
    ["an empty bearer", "Bearer "],
  ])("%s is refused with 401", async (_, header) => {
    const res = await t.app.request("/api/anything", { headers: { Authorization: header } });
    await expectErrorShape(res, 401, "unauthorized");
  });

  test.each([
    ["the API without a token", "/api/webhooks", undefined],
    ["the API with a wrong token", "/api/webhooks", `Bearer ${TEST_ADMIN_TOKEN}x`],
    ["/metrics without a token", "/metrics", undefined],
    ["/metrics with a wrong token", "/metrics", `Bearer ${TEST_ADMIN_TOKEN}x`],
  ])("a 401 from %s names the bearer scheme in WWW-Authenticate", async (_, path, authorization) => {
    const res = await t.app.request(path, { headers: authorization ? { Authorization: authorization } : {} });
    await expectErrorShape(res, 401, "unauthorized");
    expect(res.headers.get("WWW-Authenticate")).toBe("Bearer");
  });

  test("an error other than 401 sends no WWW-Authenticate", async () => {
    const res = await t.api("/api/anything");
    expect(res.status).toBe(404);
    expect(res.headers.get("WWW-Authenticate")).toBeNull();
  });

  test("the right token passes (an unknown route then answers 404)", async () => {
    const res = await t.api("/api/anything");
    const error = await expectErrorShape(res, 404, "not_found");
    expect(error.message).toBe("No route for GET /api/anything");
  });

  test("the bearer scheme is case-insensitive", async () => {
    const res = await t.app.request("/api/anything", { headers: { Authorization: `bearer ${TEST_ADMIN_TOKEN}` } });
    expect(res.status).toBe(404);
  });

  test("the OpenAPI document is public and describes the token", async () => {
    const res = await t.app.request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown>; components: { securitySchemes: unknown } };
    expect(Object.keys(doc.paths)).toContain("/api/health");
    expect(doc.components.securitySchemes).toEqual({ adminToken: { type: "http", scheme: "bearer" } });
  });
});
