import { afterEach, describe, expect, test } from "bun:test";
import { XMLValidator } from "fast-xml-parser";
import { renderBody } from "../../src/delivery/render.ts";
import { urlProblem } from "../../src/delivery/http-request.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import type { TestDeliveryResult } from "../../src/api/webhook-test.routes.ts";
import { jsonOf, type ErrorResponse } from "../helpers/test-app.ts";

let h: DeliveryHarness;
afterEach(() => h?.close());

/** The log entry of the one event posted, once it failed; its detail with the attempts. */
async function failedDelivery(event: Record<string, unknown>) {
  const uuid = (await h.postEvents(event)).accepted[0]!;
  const entry = await h.waitForEntry(uuid, (e) => e.status === "failed" || e.status === "succeeded");
  return h.logEntry(entry.id);
}

async function sendTest(webhookId: number, event: Record<string, unknown>) {
  const res = await h.t.api(`/api/webhooks/${webhookId}/test`, { body: { event } });
  expect(res.status, await res.clone().text()).toBe(200);
  return jsonOf<TestDeliveryResult>(res);
}

describe("the URL a template renders is checked before anything is sent", () => {
  const KEY_FILE_URL = (dir: string) => `{{^backend_data.x}}http://127.0.0.1:9/hook{{/backend_data.x}}{{#backend_data.x}}file://${dir}/secret.key{{/backend_data.x}}`;

  test("a URL template that renders file:// for some event passes the save check, but never reads the file", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook({ url: KEY_FILE_URL(h.t.dir), log_body_and_headers: true });
    const tested = await sendTest(webhook.id, { type: "custom.attack", data: { backend_data: { x: true } } });
    expect(tested.ok).toBe(false);
    expect(tested.response_body).toBeNull();
    expect(tested.error).toBe("not sent: the URL's scheme file: is not allowed: only http and https");

    const detail = await failedDelivery({ type: "custom.attack", data: { backend_data: { x: true } } });
    expect(detail.status).toBe("failed");
    expect(detail.attempts).toBe(1);
    expect(detail.error).toBe("not sent: the URL's scheme file: is not allowed: only http and https");
    expect(JSON.stringify(detail)).not.toContain(await Bun.file(`${h.t.dir}/secret.key`).text());
  });

  test("data: URLs, URLs with credentials and URLs without a host are refused the same, and not retried", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook({ url: `{{^backend_data.target}}${h.receiver.url}/hook{{/backend_data.target}}{{{backend_data.target}}}` });
    const cases: [string, string][] = [
      ["data:text/plain,hello", "not sent: the URL's scheme data: is not allowed: only http and https"],
      [`http://user:pw@127.0.0.1:${new URL(h.receiver.url).port}/hook`, "not sent: the URL carries credentials: use the authentication settings instead"],
      ["http:", "not sent: the URL \"http:\" is not an absolute URL"],
    ];
    for (const [target, error] of cases) {
      const detail = await failedDelivery({ type: "custom.attack", data: { backend_data: { target } } });
      expect({ target, status: detail.status, error: detail.error }).toEqual({ target, status: "failed", error });
    }
    expect(h.receiver.requests).toHaveLength(0);
    // the same template to a proper receiver still delivers
    await h.postEvents({ type: "custom.attack" });
    await h.receiver.waitForCount(1);
    expect(webhook.id).toBeGreaterThan(0);
  });

  test("the verdict on a URL is remembered, and stays the same past the bound of those remembered and for long URLs", () => {
    const refused = "file:///etc/shadow";
    const long = `ftp://${"a".repeat(3000)}.example/`;
    const first = [urlProblem(refused), urlProblem("http://127.0.0.1:9/hook"), urlProblem(long)];
    expect(first).toEqual(["the URL's scheme file: is not allowed: only http and https", null, "the URL's scheme ftp: is not allowed: only http and https"]);
    // more distinct URLs than are remembered (each ticket its own, as a URL template makes them)
    for (let i = 0; i < 200; i++) expect(urlProblem(`http://127.0.0.1:9/ticket/${i}`)).toBeNull();
    expect([urlProblem(refused), urlProblem("http://127.0.0.1:9/hook"), urlProblem(long)]).toEqual(first);
    expect(urlProblem("http://user:pw@127.0.0.1:9/")).toBe("the URL carries credentials: use the authentication settings instead");
  });
});

describe("a render is bounded in size and in work, and stopped as soon as it passes", () => {
  const items = Array.from({ length: 300 }, (_, i) => i);

  test("three sections nested over 300 items (27 MB): failed at 1 MiB, not sent, the API answering meanwhile", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({ body: '{"x":"{{#backend_data.a}}{{#backend_data.a}}{{#backend_data.a}}x{{/backend_data.a}}{{/backend_data.a}}{{/backend_data.a}}"}' });
    const uuids = (await h.postEvents(Array.from({ length: 5 }, () => ({ type: "custom.bomb", data: { backend_data: { a: items } } })))).accepted;
    expect((await h.t.api("/api/health")).status).toBe(200);
    for (const uuid of uuids) {
      const entry = await h.waitForEntry(uuid, (e) => e.status === "failed");
      expect(entry.error).toBe("not sent: the rendered body exceeds 1 MiB");
    }
    expect(h.receiver.requests).toHaveLength(0);
  });

  test("the render stops as soon as it passes the limit, not after making the rest", () => {
    // an array that counts how often the render takes an item: 300³ would be 27 million
    let taken = 0;
    const counted = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) taken++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(() => renderBody('{"x":"{{#a}}{{#a}}{{#a}}x{{/a}}{{/a}}{{/a}}"}', { a: counted }, "application/json")).toThrow("exceeds 1 MiB");
    // one item per "x" written, up to 1 MiB of them, and the outer loops' few
    expect(taken).toBeLessThan(1024 * 1024 + 2 * 300 * 300);
  });

  test("sections that loop millions of times writing nothing are stopped by their work", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({ body: '{"x":"{{#backend_data.a}}{{#backend_data.a}}{{#backend_data.a}}{{/backend_data.a}}{{/backend_data.a}}{{/backend_data.a}}"}' });
    const detail = await failedDelivery({ type: "custom.bomb", data: { backend_data: { a: items } } });
    expect(detail.error).toBe("not sent: the rendered body takes more than 2,000,000 steps (sections nested over event data?)");
  });

  test("a URL past 8 KiB and a header value past 8 KiB fail the attempt, naming which", async () => {
    h = await startDeliveryHarness();
    const long = Array.from({ length: 100 }, () => "y".repeat(100));
    await h.createWebhook({ url: `${h.receiver.url}/hook?q={{#backend_data.long}}{{.}}{{/backend_data.long}}`, events: ["custom.url"] });
    await h.createWebhook({ headers: "X-Long: {{#backend_data.long}}{{.}}{{/backend_data.long}}", events: ["custom.header"] });
    expect((await failedDelivery({ type: "custom.url", data: { backend_data: { long } } })).error).toBe("not sent: the rendered URL exceeds 8 KiB");
    expect((await failedDelivery({ type: "custom.header", data: { backend_data: { long } } })).error).toBe("not sent: the rendered header value exceeds 8 KiB");
    // 2,000 characters percent-encoded as 18,000
    const wide = ["東".repeat(2_000)];
    expect((await failedDelivery({ type: "custom.header", data: { backend_data: { long: wide } } })).error).toBe("not sent: the rendered header value exceeds 8 KiB");
    expect(h.receiver.requests).toHaveLength(0);
  });

  test("the preview answers the same problem as a 422", async () => {
    h = await startDeliveryHarness();
    const webhook = await h.createWebhook({ body: '{"x":"{{#backend_data.a}}{{#backend_data.a}}{{#backend_data.a}}x{{/backend_data.a}}{{/backend_data.a}}{{/backend_data.a}}"}' });
    const res = await h.t.api(`/api/webhooks/${webhook.id}/preview`, { body: { event: { type: "custom.bomb", data: { backend_data: { a: items } } } } });
    expect(res.status).toBe(422);
    expect((await jsonOf<ErrorResponse>(res)).error.issues).toEqual([
      { path: "event", message: "the request cannot be rendered for this event: the rendered body exceeds 1 MiB" },
    ]);
  });
});

describe("a body goes out only as a valid document of its mime type", () => {
  const HOSTILE = "a<b & c";

  test("XML: {{{event.data}}} prints the data as elements, escaped; the receiver gets well-formed XML", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({
      body_mime_type: "application/xml",
      body: "<event><type>{{event.type}}</type><data>{{{event.data}}}</data></event>",
      events: ["ticket.revoked"],
    });
    await h.postEvents({ type: "ticket.revoked", data: { description: HOSTILE, backend_data: { pms: { "room no": "12", rooms: [1, 2] } } } });
    const [received] = await h.receiver.waitForCount(1);
    expect(XMLValidator.validate(received!.body)).toBe(true);
    expect(received!.body).toContain("<description>a&lt;b &amp; c</description>");
    expect(received!.body).toContain("<backend_data><pms><room_no>12</room_no><rooms>1</rooms><rooms>2</rooms></pms></backend_data>");
  });

  test("XML: a raw string placeholder that breaks the document fails the attempt naming the line; nothing is sent", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({ body_mime_type: "application/xml", body: "<event>\n  <note>{{{description}}}</note>\n</event>" });
    const detail = await failedDelivery({ type: "ticket.revoked", data: { description: HOSTILE } });
    expect(detail.status).toBe("failed");
    expect(detail.error).toStartWith("not sent: the rendered body is not well-formed XML: ");
    expect(detail.error).toContain("line 2");
    expect(h.receiver.requests).toHaveLength(0);
  });

  test("JSON: a raw placeholder that breaks the document fails the attempt naming line and column; nothing is sent", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({ body: '{\n  "note": "{{{description}}}"\n}' });
    const detail = await failedDelivery({ type: "ticket.revoked", data: { description: 'say "hi"' } });
    expect(detail.error).toBe('not sent: the rendered body is not valid JSON: unexpected "h" (line 2, column 17)');
    expect(h.receiver.requests).toHaveLength(0);
  });

  test("the same templates with harmless data are delivered", async () => {
    h = await startDeliveryHarness();
    await h.createWebhook({ body: '{"note": "{{{description}}}"}' });
    await h.postEvents({ type: "ticket.revoked", data: { description: "fine" } });
    const [received] = await h.receiver.waitForCount(1);
    expect(JSON.parse(received!.body)).toEqual({ note: "fine" });
  });
});
