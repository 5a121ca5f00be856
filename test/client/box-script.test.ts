import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import createClient from "openapi-fetch";
import { readFile } from "node:fs/promises";
import { servedApiTypes, TYPES_FILE } from "../../scripts/openapi-types.ts";
import { eventually, startReceiver, type Receiver } from "../helpers/receiver.ts";
import { servedTestApp, TEST_ADMIN_TOKEN, type ServedTestApp } from "../helpers/test-app.ts";
import type { paths } from "./api-types.ts";

/**
 * A box script as an integrator writes one: a client typed from the served OpenAPI document
 * (openapi-typescript + openapi-fetch), over real HTTP. When the document and the API drift
 * apart, this fails: to compile (`npm run typecheck`) or here.
 */
let served: ServedTestApp;
let receiver: Receiver;
let api: ReturnType<typeof createClient<paths>>;

beforeAll(async () => {
  served = await servedTestApp();
  await served.t.dispatcher.start();
  receiver = startReceiver();
  api = createClient<paths>({ baseUrl: served.url, headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
});

afterAll(async () => {
  receiver?.stop();
  await served?.close();
});

describe("a client typed from the OpenAPI document", () => {
  test("the committed types are those of the served document (npm run openapi:types)", async () => {
    expect(await readFile(TYPES_FILE, "utf8")).toBe(await servedApiTypes());
  });

  test("creates a webhook, queues events, follows one by its uuid, reads the log and resends", async () => {
    const created = await api.POST("/api/webhooks", {
      body: { name: "Front desk", url: `${receiver.url}/checkin`, events: ["ticket.logged_in"], body: '{"room":"{{backend_data.pms.room}}"}' },
    });
    expect(created.response.status).toBe(201);
    const webhook = created.data!;

    const queued = await api.POST("/api/events", {
      body: [{ type: "ticket.logged_in", ticket_id: "T-7", data: { login_type: "first", backend_data: { pms: { room: "214" } } } }],
    });
    expect(queued.response.status).toBe(202);
    const [uuid] = queued.data!.accepted;

    const event = await eventually(async () => {
      const { data } = await api.GET("/api/events/{uuid}", { params: { path: { uuid: uuid! } } });
      return data?.status === "succeeded" && data;
    });
    expect(event.deliveries.map((d) => d.webhook_name)).toEqual(["Front desk"]);
    expect(receiver.requests.map((r) => r.body)).toEqual(['{"room":"214"}']);

    const log = await api.GET("/api/log", { params: { query: { event_uuid: uuid, webhook_id: webhook.id } } });
    const [delivery] = log.data!.items;
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, ticket_id: "T-7" });

    const resent = await api.POST("/api/log/{id}/resend", { params: { path: { id: delivery!.id } } });
    expect(resent.response.status).toBe(202);
    await receiver.waitForCount(2);

    // the error shape is typed too: a script reads the field at fault
    const refused = await api.POST("/api/webhooks", { body: { name: "No URL", url: "ftp://x", events: ["*"] } });
    expect(refused.response.status).toBe(422);
    expect(refused.error!.error.issues.map((i) => i.path)).toContain("url");
  });
});
