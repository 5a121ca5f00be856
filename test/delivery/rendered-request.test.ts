import { afterEach, beforeEach, expect, test } from "bun:test";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";

let h: DeliveryHarness;
beforeEach(async () => {
  h = await startDeliveryHarness((request) =>
    request.path === "/moved" ? new Response(null, { status: 301, headers: { Location: "https://crm.example/new-hook" } }) : new Response("ok"),
  );
});
afterEach(() => h.close());

test("templates without a placeholder go out exactly as typed, and the log keeps what went out", async () => {
  const body = '{"note": "{ braces } & <tags> stay as typed", "n": 1}\n';
  const headers = "X-Static: fixed  value\nContent-Type: application/json; charset=utf-8";
  await h.createWebhook({ url: `${h.receiver.url}/hook?a=b%20c&d`, headers, body, log_body_and_headers: true });
  const { accepted } = await h.postEvents({ type: "ticket.logged_in" });
  const [received] = await h.receiver.waitForCount(1);
  expect(received!.path).toBe("/hook?a=b%20c&d");
  expect(received!.body).toBe(body);
  const sent = { "x-static": "fixed  value", "content-type": "application/json; charset=utf-8", "webhook-id": accepted[0]! };
  expect(received!.headers).toMatchObject(sent);
  const entry = await h.waitForEntry(accepted[0]!, (e) => e.status === "succeeded");
  const [attempt] = (await h.logEntry(entry.id)).attempt_log;
  expect(attempt!.request_body).toBe(body);
  expect(attempt!.request_headers).toMatchObject(sent);
});

test("a header may be named __proto__; a rendered value goes out without the spaces around it, as in the log", async () => {
  await h.createWebhook({ headers: "__proto__: {{description}}\nX-Padded: [{{description}}]", log_body_and_headers: true });
  const { accepted } = await h.postEvents({ type: "ticket.logged_in", data: { description: "  spaced out  " } });
  const [received] = await h.receiver.waitForCount(1);
  expect(Object.hasOwn(received!.headers, "__proto__")).toBe(true);
  expect(received!.headers["__proto__"]).toBe("spaced out");
  expect(received!.headers["x-padded"]).toBe("[  spaced out  ]");
  const entry = await h.waitForEntry(accepted[0]!, (e) => e.status === "succeeded");
  const [attempt] = (await h.logEntry(entry.id)).attempt_log;
  expect(Object.entries(attempt!.request_headers!)).toContainEqual(["__proto__", "spaced out"]);
});

test("with the log keeping no headers, a redirect is still named by where it points, and fails without being followed", async () => {
  await h.createWebhook({ log_body_and_headers: false }, "/moved");
  const { accepted } = await h.postEvents({ type: "ticket.logged_in" });
  const entry = await h.waitForEntry(accepted[0]!, (e) => e.status === "failed");
  expect(entry.error).toBe("answered 301 Moved Permanently: redirect to https://crm.example/new-hook not followed");
  const [attempt] = (await h.logEntry(entry.id)).attempt_log;
  expect(attempt!.response_headers ?? null).toBeNull();
  expect(h.receiver.requests.map((r) => r.path)).toEqual(["/moved"]);
});
