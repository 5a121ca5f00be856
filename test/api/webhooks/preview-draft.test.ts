import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ErrorIssue } from "../../../src/api/errors.ts";
import type { RenderedRequest } from "../../../src/delivery/render.ts";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../../helpers/test-app.ts";

const NOW = new Date("2026-11-28T09:30:00.000Z");
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(() => t.close());

interface DraftPreview {
  request: RenderedRequest;
  problems: ErrorIssue[];
  filter: { passes: true } | { passes: false; reason: string };
}

/** The draft preview of `webhook`, which must answer 200 whatever state the webhook is in. */
async function draft(webhook: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<DraftPreview> {
  const res = await t.api("/api/webhooks/preview/draft", { body: { webhook, ...extra } });
  expect(res.status, await res.clone().text()).toBe(200);
  return jsonOf<DraftPreview>(res);
}

const plain = { name: "CRM", url: "https://crm.example/hook", events: ["ticket.logged_in"] };
const paths = (d: DraftPreview) => d.problems.map((p) => p.path);

describe("the draft preview: what a form being typed would send", () => {
  test("a valid webhook renders as the strict preview does, with no problems", async () => {
    const body = '{"room":"{{backend_data.pms.room}}"}';
    const d = await draft({ ...plain, body });
    const strict = await jsonOf<RenderedRequest>(t.api("/api/webhooks/preview", { body: { webhook: { ...plain, body } } }));
    expect(d).toEqual({ request: strict, problems: [], filter: { passes: true } });
  });

  test("a missing or invalid name does not keep the request from rendering", async () => {
    for (const name of [undefined, "", 42]) {
      const d = await draft({ ...plain, name, body: '{"t":"{{event.type}}"}' });
      expect(JSON.parse(d.request.body!)).toEqual({ t: "ticket.logged_in" });
      expect(paths(d)).toEqual(["name"]);
    }
  });

  test("half-filled token authentication: the request renders, the Authorization header says what is missing", async () => {
    const d = await draft({ ...plain, auth: { type: "token", username: "box", password: "pw", token_refresh_interval: 60 } });
    expect(d.request.url).toBe("https://crm.example/hook");
    expect(d.request.headers.authorization).toBe("(token request incomplete: URL missing, token field missing)");
    expect(paths(d)).toEqual(["auth.url", "auth.token_field"]);
    const filled = await draft({ ...plain, auth: { type: "token", url: "https://crm.example/login", token_field: "token", token_refresh_interval: 60 } });
    expect(filled.request.headers.authorization).toBe("Bearer [redacted]");
    expect(filled.problems).toEqual([]);
  });

  test("a field its rule refuses is said once and renders with its default; basic authentication says what it lacks", async () => {
    const d = await draft({ ...plain, auth: { type: "basic", username: "box", token_refresh_interval: 0 } });
    expect(d.request.headers.authorization).toBe("(basic credentials incomplete: refresh interval invalid, password missing)");
    expect(d.problems).toEqual([
      { path: "auth.token_refresh_interval", message: "must be at least 1 minute" },
      { path: "auth.password", message: "a password is required for basic authentication" },
    ]);
  });

  test("a URL or body that cannot be rendered is shown as typed, beside every other problem", async () => {
    const d = await draft({ name: "", url: "crm.example/{{event.uid}}", events: [], headers: "X-Id: {{event.uuid}}", body: '{"v":"{{volume_usd}}","r":"{{romm}}"}' });
    expect(d.request.url).toBe("crm.example/{{event.uid}}");
    expect(d.request.body).toBe('{"v":"{{volume_usd}}","r":"{{romm}}"}');
    expect(d.request.headers["x-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.problems).toEqual([
      { path: "name", message: "must not be empty" },
      { path: "events", message: "select at least one event" },
      { path: "url", message: "unknown placeholder event.uid; did you mean event.uuid?" },
      { path: "body", message: "unknown placeholder volume_usd; did you mean volume_used?" },
      { path: "body", message: "unknown placeholder romm (GET /api/placeholders lists the known ones)" },
    ]);
  });

  test("a template that fails on this event's data is a problem at event, the rest rendered", async () => {
    const d = await draft(
      { ...plain, body: '{"a":"{{backend_data.rooms.reduce}}"}' },
      { event: { type: "ticket.logged_in", data: { backend_data: { rooms: [1] } } } },
    );
    expect(d.request.body).toBe('{"a":"{{backend_data.rooms.reduce}}"}');
    expect(d.problems).toEqual([{ path: "event", message: expect.stringContaining("the request cannot be rendered for this event") }]);
  });

  test("editing a stored webhook: the stored password stands, as in the strict preview", async () => {
    const created = await jsonOf<{ id: number }>(t.api("/api/webhooks", { body: { ...plain, auth: { type: "basic", username: "pms", password: "stored" } } }));
    const d = await draft({ ...plain, auth: { type: "basic", username: "pms" } }, { webhook_id: created.id });
    expect(d).toMatchObject({ request: { headers: { authorization: "Basic [redacted]" } }, problems: [] });
    await expectErrorShape(await t.api("/api/webhooks/preview/draft", { body: { webhook: plain, webhook_id: 31337 } }), 404, "not_found");
  });

  test("only a request of the wrong shape or an invalid event is refused (422)", async () => {
    for (const body of [{ webhook: "CRM" }, { webhook: plain, extra: 1 }, { webhook: plain, event: { type: "ticket.logged_in", uuid: "no" } }]) {
      await expectErrorShape(await t.api("/api/webhooks/preview/draft", { body }), 422, "validation_failed");
    }
  });

  test("the strict preview still refuses an invalid webhook with a 422, for scripts that rely on it", async () => {
    const res = await t.api("/api/webhooks/preview", { body: { webhook: { ...plain, name: "" } } });
    expect((await expectErrorShape(res, 422, "validation_failed")).issues[0]!.path).toBe("webhook.name");
  });

  test("the OpenAPI document describes the answer", async () => {
    const doc = await jsonOf<{ paths: Record<string, { post: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> } }> }>(
      t.app.request("/api/openapi.json"),
    );
    expect(doc.paths["/api/webhooks/preview/draft"]!.post.responses["200"]!.content["application/json"]!.schema.$ref).toBe("#/components/schemas/DraftPreview");
  });
});

describe("the draft preview says whether the event passes the webhook's filter", () => {
  const parentEvent = { type: "ticket.logged_in", ticket_id: "T-7", data: { ticket_type: "parent" } };
  const verdict = async (webhook: Record<string, unknown>, extra: Record<string, unknown> = {}) => (await draft(webhook, extra)).filter;

  test("no filter: every event passes", async () => {
    expect(await verdict(plain, { event: parentEvent })).toEqual({ passes: true });
  });

  test("an event the filter turns away is named with the condition's reason", async () => {
    const filter = [{ field: "ticket_type", op: "ne", value: "parent" }];
    expect(await verdict({ ...plain, filter }, { event: parentEvent })).toEqual({ passes: false, reason: "ticket_type is parent" });
    expect(await verdict({ ...plain, filter })).toEqual({ passes: true });
  });

  test("a condition still being typed is left out of the verdict; the others decide it, and it is a problem at its row", async () => {
    const filter = [{ field: "ticket_type", op: "in" }, { field: "backend_data.pms.room", op: "exists" }];
    const d = await draft({ ...plain, filter }, { event: parentEvent });
    expect(d.filter).toEqual({ passes: false, reason: "backend_data.pms.room is empty" });
    expect(paths(d)).toEqual(["filter.0.value"]);
  });
});
