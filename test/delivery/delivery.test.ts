import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { HOSTILE_TEXT, SEED_EXAMPLE_BODY } from "../helpers/fixtures.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually, heldAnswer } from "../helpers/receiver.ts";

let h: DeliveryHarness;
beforeEach(async () => {
  h = await startDeliveryHarness();
});
afterEach(() => h.close());

const EVENT = {
  type: "ticket.logged_out.limit_exceeded",
  uuid: "6f0c8a52-3b1e-4d7a-9c2f-1e5b7a9d3c01",
  created_at: "2026-11-28T11:58:00Z",
  ticket_id: "4711",
  data: {
    volume_limit: 1073741824,
    volume_used: "1073742000",
    limit: "volume",
    backend_data: '{"pms":{"room":"12","name":"Müller","departure":"2026-11-30"}}',
  },
};

describe("delivery", () => {
  test("the seed's example template arrives byte for byte, with the documented headers", async () => {
    await h.createWebhook({ body: SEED_EXAMPLE_BODY, events: ["ticket.*"] });
    const { accepted } = await h.postEvents(EVENT);
    expect(accepted).toEqual([EVENT.uuid]);
    const [received] = await h.receiver.waitForCount(1);
    expect(received!.method).toBe("POST");
    expect(received!.path).toBe("/hook");
    expect(received!.body).toBe(`{
  "id": "6f0c8a52-3b1e-4d7a-9c2f-1e5b7a9d3c01",
  "event": "ticket.logged_out.limit_exceeded",
  "occured": "2026-11-28T11:58:00.000Z",
  "ticket_id": "4711",
  "volume_limit": "1073741824",
  "volume_used": "1073742000",
  "room_number": "12"
}`);
    expect(received!.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": expect.stringMatching(/^iacbox-webhooks\/\d+\.\d+\.\d+$/),
      "webhook-id": EVENT.uuid,
    });
    const entry = await h.waitForEntry(EVENT.uuid, (e) => e.status === "succeeded");
    expect(entry).toMatchObject({ attempts: 1, response_status: 200, error: null, ticket_id: "4711", webhook_name: "Receiver" });
  });

  test("hostile values give valid JSON and well-formed XML with the exact values", async () => {
    await h.createWebhook({ body: '{"guest":"{{description}}","room":"{{backend_data.pms.room}}"}' }, "/json");
    await h.createWebhook(
      { body_mime_type: "application/xml", body: '<e g="{{description}}"><room>{{backend_data.pms.room}}</room></e>' },
      "/xml",
    );
    await h.postEvents({
      type: "ticket.logged_in",
      data: { description: HOSTILE_TEXT, backend_data: { pms: { room: HOSTILE_TEXT } } },
    });
    const requests = await h.receiver.waitForCount(2);
    const json = requests.find((r) => r.path === "/json")!;
    expect(JSON.parse(json.body)).toEqual({ guest: HOSTILE_TEXT, room: HOSTILE_TEXT });
    const xml = requests.find((r) => r.path === "/xml")!;
    expect(xml.headers["content-type"]).toBe("application/xml");
    expect(XMLValidator.validate(xml.body)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, trimValues: false, parseTagValue: false, htmlEntities: true }).parse(xml.body);
    expect(doc.e["@_g"]).toBe(HOSTILE_TEXT);
    expect(doc.e.room).toBe(HOSTILE_TEXT);
  });

  test("header and URL values beyond ASCII go out percent-encoded as UTF-8: a guest named Łukasz is delivered, not retried", async () => {
    await h.createWebhook({ url: `${h.receiver.url}/hook?d={{description}}`, headers: "X-Guest: {{backend_data.pms.name}}\nX-Site: Zürich 東京" });
    const { accepted } = await h.postEvents({
      type: "ticket.logged_in",
      data: { description: "Zimmer \ud83d", backend_data: { pms: { name: "Łukasz\r\nX-Evil: 1" } } },
    });
    const [received] = await h.receiver.waitForCount(1);
    expect(received!.headers["x-guest"]).toBe("%C5%81ukaszX-Evil: 1");
    expect(received!.headers["x-evil"]).toBeUndefined();
    expect(decodeURIComponent(received!.headers["x-site"]!)).toBe("Zürich 東京");
    expect(received!.path).toBe("/hook?d=Zimmer%20%EF%BF%BD");
    await h.waitForEntry(accepted[0]!, (e) => e.status === "succeeded" && e.attempts === 1);
  });

  test("repeated header lines are all sent, as one field joined with ', '; the log and the preview show the same", async () => {
    const headers = "X-Multi: a\nX-Multi: {{event.type}}\nx-multi: c";
    const webhook = await h.createWebhook({ headers, log_body_and_headers: true });
    const { accepted } = await h.postEvents({ type: "ticket.logged_in" });
    const [received] = await h.receiver.waitForCount(1);
    expect(received!.headers["x-multi"]).toBe("a, ticket.logged_in, c");
    const entry = await h.waitForEntry(accepted[0]!, (e) => e.status === "succeeded");
    const detail = await h.logEntry(entry.id);
    expect(detail.attempt_log[0]!.request_headers!["x-multi"]).toBe("a, ticket.logged_in, c");
    const res = await h.t.api(`/api/webhooks/${webhook.id}/preview`, { body: { event: { type: "ticket.logged_in" } } });
    expect(((await res.json()) as { headers: Record<string, string> }).headers["x-multi"]).toBe("a, ticket.logged_in, c");
  });

  test("a data field nested in arrays gives well-formed XML; {{{event.data}}} carries every field, as the default body does", async () => {
    await h.createWebhook({ body_mime_type: "application/xml" }, "/xml");
    await h.createWebhook({ body: '{"data": {{{event.data}}}}' }, "/data");
    await h.postEvents({ type: "ticket.logged_in", data: { client_ip: "10.0.0.1", rooms: [[101, 102], [103]] } });
    const requests = await h.receiver.waitForCount(2);
    const xml = requests.find((r) => r.path === "/xml")!.body;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(new XMLParser().parse(xml).event.data.rooms).toEqual([{ item: [101, 102] }, { item: 103 }]);
    const { data } = JSON.parse(requests.find((r) => r.path === "/data")!.body);
    expect(data).toMatchObject({ client_ip: "10.0.0.1", rooms: [[101, 102], [103]], login_type: "" });
    expect(Object.keys(data)).toContain("volume_used");
  });

  test("lone UTF-16 surrogates (valid JSON escapes) never break the store: sent as escapes, kept in columns as U+FFFD", async () => {
    await h.createWebhook({ body: '{"guest":"{{description}}"}', log_body_and_headers: true });
    // the raw body holds the escapes themselves: JSON.stringify would write the same
    const body = '{"type":"ticket.logged_in","ticket_id":"a\\ud800b","data":{"description":"x\\udc00y"}}';
    const { accepted } = await h.postEvents(body);
    const [request] = await h.receiver.waitForCount(1);
    expect(JSON.parse(request!.body)).toEqual({ guest: "x\udc00y" });
    const entry = await h.waitForEntry(accepted[0]!, (e) => e.status === "succeeded");
    expect(entry.ticket_id).toBe("a\uFFFDb");
    const detail = await h.logEntry(entry.id);
    expect(detail.attempt_log[0]!.request_body).toBe(request!.body);
  });

  test("wildcards fan an event out to every matching webhook, once each", async () => {
    const tickets = await h.createWebhook({ events: ["ticket.*"] }, "/tickets");
    const system = await h.createWebhook({ events: ["system.*"] }, "/system");
    const all = await h.createWebhook({ events: ["*"] }, "/all");
    const logouts = await h.createWebhook({ events: ["ticket.logged_out.*"] }, "/logouts");
    const exact = await h.createWebhook({ events: ["ticket.logged_in"] }, "/exact");
    await h.createWebhook({ events: ["ticket.revoked"], enabled: false }, "/disabled");
    const timeout = (await h.postEvents({ type: "ticket.logged_out.timeout" })).accepted[0]!;
    const started = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const requests = await h.receiver.waitForCount(5);
    const paths = (uuid: string) => requests.filter((r) => r.headers["webhook-id"] === uuid).map((r) => r.path).sort();
    expect(paths(timeout)).toEqual(["/all", "/logouts", "/tickets"]);
    expect(paths(started)).toEqual(["/all", "/system"]);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(5);
    const { items } = await h.log();
    expect(items.map((i) => i.webhook_id).sort()).toEqual([tickets.id, system.id, all.id, all.id, logouts.id].sort());
    expect(items.some((i) => i.webhook_id === exact.id)).toBe(false);
  });

  test("more webhooks than the overall send limit: every one gets its deliveries", async () => {
    for (let i = 1; i <= 10; i++) await h.createWebhook({ name: `w${i}` }, `/w${i}`);
    await h.postEvents(Array.from({ length: 20 }, () => ({ type: "system.started" })));
    await h.receiver.waitForCount(200);
    const perPath = new Map<string, number>();
    for (const r of h.receiver.requests) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    expect([...perPath.values()]).toEqual(Array(10).fill(20));
  });

  test("a repeated uuid is not queued twice", async () => {
    await h.createWebhook();
    const first = await h.postEvents(EVENT);
    const again = await h.postEvents([EVENT, { ...EVENT, uuid: EVENT.uuid.toUpperCase() }]);
    expect(first).toEqual({ accepted: [EVENT.uuid], duplicates: [] });
    expect(again).toEqual({ accepted: [EVENT.uuid, EVENT.uuid], duplicates: [EVENT.uuid, EVENT.uuid] });
    await h.receiver.waitForCount(1);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
  });

  test("an empty body template sends the whole event; GET sends none", async () => {
    await h.createWebhook({}, "/whole");
    await h.createWebhook({ method: "GET", url: `${h.receiver.url}/get?t={{event.type}}&room={{backend_data.pms.room}}` });
    await h.postEvents(EVENT);
    const requests = await h.receiver.waitForCount(2);
    const whole = requests.find((r) => r.path === "/whole")!;
    expect(JSON.parse(whole.body)).toMatchObject({
      uuid: EVENT.uuid,
      type: EVENT.type,
      created_at: "2026-11-28T11:58:00.000Z",
      ticket_id: "4711",
      data: { volume_limit: 1073741824, volume_used: 1073742000, client_ip: "", backend_data: { pms: { room: "12" } } },
    });
    const get = requests.find((r) => r.method === "GET")!;
    expect(get.path).toBe("/get?t=ticket.logged_out.limit_exceeded&room=12");
    expect(get.body).toBe("");
  });

  test("a webhook deleted while its request is in flight: the answer is logged, the delivery stays failed", async () => {
    const busy = heldAnswer(() => new Response("busy", { status: 503 }));
    h.receiver.setResponder(() => busy.answer);
    const webhook = await h.createWebhook();
    const uuid = (await h.postEvents({ type: "ticket.logged_in" })).accepted[0]!;
    await h.receiver.waitForCount(1);
    expect((await h.t.api(`/api/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(204);
    busy.release();
    const entry = await h.waitForEntry(uuid, (e) => e.status === "failed");
    await eventually(async () => (await h.logEntry(entry.id)).attempt_log.length === 1);
    const detail = await h.logEntry(entry.id);
    expect(detail).toMatchObject({ status: "failed", error: "the webhook was deleted", next_attempt_at: null });
    expect(detail.attempt_log[0]).toMatchObject({ response_status: 503 });
  });

  test("a batch is stored all or nothing", async () => {
    await h.createWebhook();
    const res = await h.t.api("/api/events", { body: [{ type: "system.started" }, { type: "ticket.logged_in", data: { time_used: "ten" } }] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toEqual(["1.data.time_used"]);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(0);
    expect((await h.log()).items).toHaveLength(0);
  });
});

describe("compressed answers in the log", () => {
  test("a gzip, deflate or br answer is logged decoded, however many slices it takes, without piling up listeners", async () => {
    // 40 KiB that does not compress: well over a hundred 256-byte slices of the decoder
    const text = Array.from(crypto.getRandomValues(new Uint8Array(40 * 1024)), (byte) => String.fromCharCode(33 + (byte % 94))).join("");
    const encoders = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;
    h.receiver.setResponder((request) => {
      const encoding = request.path.slice(1) as keyof typeof encoders;
      return new Response(encoders[encoding](text), { headers: { "Content-Type": "text/plain", "Content-Encoding": encoding } });
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      for (const encoding of Object.keys(encoders)) {
        await h.createWebhook({ name: encoding, events: [`custom.${encoding}`], log_body_and_headers: true }, `/${encoding}`);
        const uuid = (await h.postEvents({ type: `custom.${encoding}` })).accepted[0]!;
        const entry = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
        expect((await h.logEntry(entry.id)).attempt_log[0]!.response_body).toBe(text);
      }
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
