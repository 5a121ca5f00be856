import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import Mustache from "mustache";
import { parsedTemplateChars } from "../../../src/delivery/render.ts";
import { DATA_FIELDS } from "../../../src/events/data-fields.ts";
import { SAMPLE_EVENT_UUID } from "../../../src/events/sample-event.ts";
import { exampleWebhook, HOSTILE_TEXT, SEED_EXAMPLE_BODY, SEED_EXAMPLE_XML_BODY } from "../../helpers/fixtures.ts";
import { createTestApp, expectErrorShape, type TestApp } from "../../helpers/test-app.ts";

const NOW = new Date("2026-11-28T09:30:00.000Z");
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(() => t.close());

interface Preview {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

async function preview(webhook: Record<string, unknown>, event?: Record<string, unknown>): Promise<Preview> {
  const res = await t.api("/api/webhooks/preview", { body: event ? { webhook, event } : { webhook } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Preview;
}

const plain = { name: "CRM", url: "https://crm.example/hook", events: ["ticket.logged_in"] };
const hostileEvent = {
  type: "ticket.logged_in",
  uuid: "0b9f3c44-1d2e-4f5a-8b6c-7d8e9f0a1b2c",
  created_at: "2026-11-28T10:15:00+01:00",
  ticket_id: 'T"1<2>&3',
  data: { description: HOSTILE_TEXT, volume_limit: "1024", backend_data: JSON.stringify({ pms: { room: HOSTILE_TEXT } }) },
};

describe("preview: the seed's example body", () => {
  test("as JSON, from a realistic sample event", async () => {
    const p = await preview({ ...plain, body: SEED_EXAMPLE_BODY });
    expect(p.method).toBe("POST");
    expect(p.url).toBe("https://crm.example/hook");
    expect(JSON.parse(p.body!)).toEqual({
      id: SAMPLE_EVENT_UUID,
      event: "ticket.logged_in",
      occured: "2026-11-28T09:30:00.000Z",
      ticket_id: "8342",
      volume_limit: "5368709120",
      volume_used: "786432000",
      room_number: "204",
    });
    expect(p.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": expect.stringMatching(/^iacbox-webhooks\/\d+\.\d+\.\d+$/),
      "webhook-id": SAMPLE_EVENT_UUID,
    });
  });

  test("as XML, well-formed, with the same values", async () => {
    const p = await preview({ ...plain, body: SEED_EXAMPLE_XML_BODY, body_mime_type: "application/xml" });
    expect(XMLValidator.validate(p.body!)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(p.body!);
    expect(doc.event).toMatchObject({
      "@_id": SAMPLE_EVENT_UUID,
      type: "ticket.logged_in",
      ticket_id: "8342",
      volume_limit: "5368709120",
      room_number: "204",
    });
    expect(p.headers["content-type"]).toBe("application/xml");
  });

  test("a stored webhook previews with its own settings, credentials redacted", async () => {
    const created = (await (await t.api("/api/webhooks", { body: exampleWebhook() })).json()) as { id: number };
    const res = await t.api(`/api/webhooks/${created.id}/preview`, { method: "POST" });
    expect(res.status).toBe(200);
    const p = (await res.json()) as Preview;
    expect(p.headers).toMatchObject({ "x-api-key": "abc", "x-site": "7", authorization: "Bearer [redacted]" });
    expect(JSON.parse(p.body!)).toEqual({ id: SAMPLE_EVENT_UUID, room: "204" });
  });
});

describe("preview: escaping for the target", () => {
  test("JSON stays valid and carries the exact values", async () => {
    const body = '{"ticket":"{{event.ticket_id}}","guest":"{{description}}","room":"{{backend_data.pms.room}}"}';
    const p = await preview({ ...plain, body }, hostileEvent);
    expect(JSON.parse(p.body!)).toEqual({ ticket: 'T"1<2>&3', guest: HOSTILE_TEXT, room: HOSTILE_TEXT });
  });

  test("XML stays well-formed and carries the exact values, CR and tab included", async () => {
    const body = '<e ticket="{{event.ticket_id}}"><guest>{{description}}</guest><room>{{backend_data.pms.room}}</room></e>';
    const p = await preview({ ...plain, body, body_mime_type: "application/xml" }, hostileEvent);
    expect(XMLValidator.validate(p.body!)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, htmlEntities: true }).parse(p.body!);
    expect(doc.e["@_ticket"]).toBe('T"1<2>&3');
    expect(doc.e.guest).toBe(HOSTILE_TEXT);
    expect(doc.e.room).toBe(HOSTILE_TEXT);
  });

  test("values in the URL are percent-encoded", async () => {
    const p = await preview({ ...plain, url: "https://crm.example/t/{{event.ticket_id}}?d={{description}}" }, hostileEvent);
    const url = new URL(p.url);
    expect(url.host).toBe("crm.example");
    expect(decodeURIComponent(url.pathname.slice(3))).toBe('T"1<2>&3');
    expect(url.searchParams.get("d")).toBe(HOSTILE_TEXT);
  });

  test("CR and LF cannot inject a header", async () => {
    const p = await preview({ ...plain, headers: "X-Guest: {{description}}" }, {
      type: "ticket.logged_in",
      data: { description: "Smith\r\nX-Injected: yes" },
    });
    expect(p.headers["x-guest"]).toBe("SmithX-Injected: yes");
    expect(p.headers["x-injected"]).toBeUndefined();
  });

  test("event.data renders as JSON text, or raw with triple braces; every documented field is in it, empty when unknown", async () => {
    const p = await preview({ ...plain, body: '{"as_text":"{{event.data}}","as_object":{{{event.data}}}}' }, {
      type: "ticket.logged_in",
      data: { client_ip: "10.0.0.9", time_used: "60" },
    });
    const body = JSON.parse(p.body!);
    const expected = { client_ip: "10.0.0.9", time_used: 60, client_mac: "", volume_used: "" };
    expect(JSON.parse(body.as_text)).toMatchObject(expected);
    expect(body.as_object).toEqual(JSON.parse(body.as_text));
    expect(Object.keys(body.as_object)).toHaveLength(DATA_FIELDS.length);
  });

  test("objects and arrays inside the data print as JSON at any depth, and can still be walked and iterated", async () => {
    const p = await preview({ ...plain, body: '{"pms":"{{backend_data.pms}}","rooms":"{{backend_data.rooms}}","each":"{{#backend_data.rooms}}[{{n}}]{{/backend_data.rooms}}"}' }, {
      type: "ticket.logged_in",
      data: { backend_data: { pms: { room: "12", tags: ["vip"] }, rooms: [{ n: 1 }, { n: 2 }] } },
    });
    const body = JSON.parse(p.body!);
    expect(JSON.parse(body.pms)).toEqual({ room: "12", tags: ["vip"] });
    expect(JSON.parse(body.rooms)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(body.each).toBe("[1][2]");
  });

  test("a field of another event type is n/a, as the vendor sends it; unknown, it is empty", async () => {
    const body = '{"login":"{{login_type}}","limit":"{{limit}}"}';
    const loggedIn = await preview({ ...plain, body }, { type: "ticket.logged_in" });
    expect(JSON.parse(loggedIn.body!)).toEqual({ login: "", limit: "n/a" });
    const exceeded = await preview({ ...plain, body }, { type: "ticket.logged_out.limit_exceeded", data: { limit: "volume" } });
    expect(JSON.parse(exceeded.body!)).toEqual({ login: "n/a", limit: "volume" });
  });

  test("unknown data fields render empty", async () => {
    const p = await preview({ ...plain, body: '{"room":"{{backend_data.pms.room}}","ip":"{{client_ip}}"}' }, { type: "system.started" });
    expect(JSON.parse(p.body!)).toEqual({ room: "", ip: "" });
  });
});

describe("preview: other request shapes", () => {
  test("an empty body sends the whole event as JSON", async () => {
    const p = await preview(plain, hostileEvent);
    const body = JSON.parse(p.body!);
    expect(body).toMatchObject({
      uuid: hostileEvent.uuid,
      type: "ticket.logged_in",
      created_at: "2026-11-28T09:15:00.000Z",
      ticket_id: 'T"1<2>&3',
      data: { description: HOSTILE_TEXT, volume_limit: 1024, client_ip: "", backend_data: { pms: { room: HOSTILE_TEXT } } },
    });
  });

  test("an empty body sends the whole event as XML", async () => {
    const p = await preview({ ...plain, body_mime_type: "application/xml" }, hostileEvent);
    expect(XMLValidator.validate(p.body!)).toBe(true);
    const doc = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true }).parse(p.body!);
    expect(doc.event.uuid).toBe(hostileEvent.uuid);
    expect(doc.event.data.backend_data.pms.room).toBe(HOSTILE_TEXT);
  });

  test("GET sends no body and no Content-Type", async () => {
    const p = await preview({ ...plain, method: "GET", url: "https://crm.example/ping?e={{event.type}}" });
    expect(p).toMatchObject({ method: "GET", url: "https://crm.example/ping?e=ticket.logged_in", body: null });
    expect(p.headers["content-type"]).toBeUndefined();
  });

  test("a configured Content-Type wins", async () => {
    const p = await preview({ ...plain, headers: "Content-Type: application/vnd.crm+json" });
    expect(p.headers["content-type"]).toBe("application/vnd.crm+json");
  });

  test("basic auth shows a redacted Authorization header", async () => {
    const p = await preview({ ...plain, auth: { type: "basic", username: "box", password: "pa55" } });
    expect(p.headers.authorization).toBe("Basic [redacted]");
    expect(JSON.stringify(p)).not.toContain("pa55");
  });

  test("the sample event follows the subscribed type", async () => {
    const p = await preview({ ...plain, events: ["system.backup.*"], body: '{"t":"{{event.type}}","ticket":"{{event.ticket_id}}"}' });
    expect(JSON.parse(p.body!)).toEqual({ t: "system.backup.started", ticket: "" });
  });
});

describe("preview: errors", () => {
  test("an invalid unsaved webhook is a 422 naming the field", async () => {
    const res = await t.api("/api/webhooks/preview", { body: { webhook: { ...plain, body: "{{#x}}" } } });
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues[0]!.path).toBe("body");
  });

  test("an invalid event is a 422 naming the field", async () => {
    const res = await t.api("/api/webhooks/preview", {
      body: { webhook: plain, event: { type: "ticket.logged_in", uuid: "not-a-uuid", data: { time_used: "ten" } } },
    });
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues.map((i) => i.path).sort()).toEqual(["event.data.time_used", "event.uuid"]);
  });

  test("a template that fails on this event's data is a 422, not a crash", async () => {
    const res = await t.api("/api/webhooks/preview", {
      body: { webhook: { ...plain, body: '{"a":"{{backend_data.rooms.reduce}}"}' }, event: { type: "ticket.logged_in", data: { backend_data: { rooms: [1] } } } },
    });
    const error = await expectErrorShape(res, 422, "validation_failed");
    expect(error.issues[0]).toMatchObject({ path: "event" });
    expect(error.message).toContain("the request cannot be rendered for this event");
  });

  test("parsed templates are kept up to a bound, however many an admin previews", async () => {
    const padding = "x".repeat(60_000);
    for (let i = 0; i < 60; i++) {
      const body = `{"n":"${i}-{{event.type}}","pad":"${padding}"}`;
      expect((await t.api("/api/webhooks/preview", { body: { webhook: { ...plain, body } } })).status).toBe(200);
    }
    expect(parsedTemplateChars()).toBeLessThanOrEqual(1_000_000);
    expect(parsedTemplateChars()).toBeGreaterThan(500_000);
    // nor does mustache's own cache keep them (its key: the template, then its tags)
    const first = `{"n":"0-{{event.type}}","pad":"${padding}"}`;
    expect(Mustache.templateCache?.get(`${first}:{{:}}`)).toBeUndefined();
  });

  test("editing a stored webhook: a password left out is the stored one, as PUT keeps it", async () => {
    const auth = { type: "basic", username: "pms" };
    const created = await t.api("/api/webhooks", { body: { ...plain, auth: { ...auth, password: "stored-secret" } } });
    const { id } = (await created.json()) as { id: number };
    const edited = { ...plain, body: '{"edited":true}', auth };
    const res = await t.api("/api/webhooks/preview", { body: { webhook: edited, webhook_id: id } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ body: '{"edited":true}', headers: { authorization: "Basic [redacted]" } });
    const unsaved = await expectErrorShape(await t.api("/api/webhooks/preview", { body: { webhook: edited } }), 422, "validation_failed");
    expect(unsaved.issues[0]!.path).toBe("auth.password");
    await expectErrorShape(await t.api("/api/webhooks/preview", { body: { webhook: edited, webhook_id: 31337 } }), 404, "not_found");
  });

  test("a preview of an unknown webhook is 404", async () => {
    await expectErrorShape(await t.api("/api/webhooks/31337/preview", { method: "POST" }), 404, "not_found");
  });
});
