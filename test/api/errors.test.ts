import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError, errorHandler, validationError } from "../../src/api/errors.ts";
import { MAX_BODY_BYTES } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { createTestApp, expectErrorShape, type TestApp } from "../helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("the error shape", () => {
  test("a body over 1 MiB gets 413, before authentication", async () => {
    const body = "x".repeat(MAX_BODY_BYTES + 1);
    for (const headers of [{}, { Authorization: "Bearer wrong" }] as Record<string, string>[]) {
      const res = await t.app.request("/api/events", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": String(body.length), ...headers },
        body,
      });
      const error = await expectErrorShape(res, 413, "payload_too_large");
      expect(error.message).toContain(String(MAX_BODY_BYTES));
    }
  });

  test("a body of exactly 1 MiB is not refused for its size", async () => {
    const body = "x".repeat(MAX_BODY_BYTES);
    const res = await t.api("/api/nowhere", { method: "POST", body, headers: { "Content-Length": String(body.length) } });
    expect(res.status).not.toBe(413);
  });

  test("a body that is not declared JSON gets 415 naming the content type", async () => {
    const res = await t.api("/api/anything", {
      method: "POST",
      body: "type=ticket.logged_in",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const error = await expectErrorShape(res, 415, "unsupported_media_type");
    expect(error.message).toContain("application/x-www-form-urlencoded");
    expect(error.message).toContain("Content-Type: application/json");
  });

  test("unknown routes and methods get 404 in the error shape", async () => {
    await expectErrorShape(await t.api("/api/health", { method: "DELETE" }), 404, "not_found");
    await expectErrorShape(await t.app.request("/no-such-page"), 404, "not_found");
  });

  test("every route with an id in its path answers an id that is no positive integer with 404 naming what it seeks", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([path]) => path.includes("{id}"));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const [path, methods] of routes) {
      for (const method of Object.keys(methods)) {
        for (const id of ["abc", "0", "1.5"]) {
          const res = await t.api(path.replace("{id}", id), { method: method.toUpperCase() });
          const error = await expectErrorShape(res, 404, "not_found");
          expect(error.message, `${method} ${path}`).toMatch(new RegExp(`^No (webhook|log entry|recovery|API token) with id '${id.replace(".", "\\.")}'$`));
        }
      }
    }
  });

  test("the admin page is served at /", async () => {
    const res = await t.app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("<title>IACBOX Webhooks</title>");
  });
});

describe("errorHandler", () => {
  function appWithHandler() {
    const lines: string[] = [];
    const app = new Hono();
    app.onError(errorHandler(createLogger({ write: (l) => lines.push(l) })));
    app.get("/boom", () => {
      throw new Error("secret internals: /var/lib/x.db");
    });
    app.get("/conflict", () => {
      throw new ApiError("conflict", "A webhook with that name exists");
    });
    app.get("/invalid", () => {
      throw validationError(z.object({ auth: z.object({ url: z.url() }) }).safeParse({ auth: { url: "nope" } }).error!);
    });
    app.get("/ok", (c) => c.text("ok"));
    return { app, lines };
  }

  test("an unexpected exception is a 500 that leaks nothing, is logged, and the app lives on", async () => {
    const { app, lines } = appWithHandler();
    const res = await app.request("/boom");
    const error = await expectErrorShape(res, 500, "internal_error");
    expect(error.message).toBe("Internal server error");
    expect(JSON.stringify(error)).not.toContain("secret internals");
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!);
    expect(logged).toMatchObject({ level: "error", msg: "unhandled error", method: "GET", path: "/boom" });
    expect(logged.err.message).toContain("secret internals");
    expect((await app.request("/ok")).status).toBe(200);
  });

  test("ApiError keeps its status, code and message", async () => {
    const { app } = appWithHandler();
    const error = await expectErrorShape(await app.request("/conflict"), 409, "conflict");
    expect(error.message).toBe("A webhook with that name exists");
  });

  test("validation errors are 422 naming each field in dot notation", async () => {
    const { app } = appWithHandler();
    const error = await expectErrorShape(await app.request("/invalid"), 422, "validation_failed");
    expect(error.issues).toEqual([{ path: "auth.url", message: expect.any(String) }]);
    expect(error.message).toStartWith("auth.url: ");
  });
});
