import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { eventually } from "../helpers/receiver.ts";
import { DENO_COMMAND, SOURCE_COMMAND, startServiceProcess } from "../helpers/service-process.ts";
import { makeTestCa, makeTestCertificate } from "../helpers/test-certificate.ts";
import { createTestApp, expectErrorShape, jsonOf, type TestApp } from "../helpers/test-app.ts";

/**
 * TLS to on-site servers: a PMS on the LAN with a certificate of its own CA, and one that
 * asks for a client certificate. Real HTTPS receivers, the service as a real process
 * under Bun and under Deno (each runtime takes the settings in its own entry module).
 */
const pmsCa = makeTestCa("Hotel PMS CA");
const pmsCert = makeTestCertificate({ commonName: "pms.hotel.lan", issuedBy: pmsCa });
const clientCa = makeTestCa("Hotel client CA");
const client = makeTestCertificate({ commonName: "iacbox", issuedBy: clientCa });
const otherClient = makeTestCertificate({ commonName: "someone else" });

const TOKEN = "tls-test-admin-token-0123456789";
const cleanups = cleanupAfterEach();

/** An HTTPS receiver on loopback with a certificate of the PMS's CA; `clientCa`: it asks for a client certificate of that CA. */
function startHttpsReceiver(options: { clientCa?: string; answer?: () => Response } = {}) {
  const bodies: string[] = [];
  const server: Server<undefined> = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    tls: { cert: pmsCert.cert, key: pmsCert.key, ...(options.clientCa && { ca: options.clientCa, requestCert: true, rejectUnauthorized: true }) },
    async fetch(req) {
      bodies.push(await req.text());
      return options.answer?.() ?? new Response("ok");
    },
  });
  cleanups.add(() => server.stop(true));
  return { url: `https://localhost:${server.port}`, bodies };
}

describe("TLS settings through the API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const create = (tls: Record<string, string>) => t.api("/api/webhooks", { body: { name: "PMS", url: "https://pms.hotel.lan/hook", events: ["*"], tls } });

  test("a CA and a client certificate are checked as PEM, the key against its certificate", async () => {
    const issues = async (tls: Record<string, string>) => (await expectErrorShape(await create(tls), 422, "validation_failed")).issues;
    expect(await issues({ ca: "not a certificate" })).toEqual([{ path: "tls.ca", message: "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" }]);
    expect((await issues({ ca: client.key }))[0]!.message).toBe("block 1 is a PRIVATE KEY, not a CERTIFICATE");
    expect(await issues({ client_key: client.key })).toEqual([{ path: "tls.client_cert", message: "a client key needs its client certificate" }]);
    expect(await issues({ client_cert: client.cert })).toEqual([{ path: "tls.client_key", message: "enter the private key of the client certificate" }]);
    expect(await issues({ client_cert: client.cert, client_key: otherClient.key })).toEqual([
      { path: "tls.client_key", message: "is not the private key of the client certificate" },
    ]);
    expect(await issues({ client_cert: client.cert, client_key: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----" })).toEqual([
      { path: "tls.client_key", message: "is encrypted: give it without a passphrase" },
    ]);
  });

  test("the client key is write-only, stored encrypted, kept by a change that leaves it out, gone with its certificate", async () => {
    const res = await create({ ca: pmsCa.cert, client_cert: client.cert, client_key: client.key });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = await jsonOf<{ id: number; tls: unknown }>(res);
    expect(created.tls).toEqual({ ca: pmsCa.cert, client_cert: client.cert, client_key_set: true });
    expect(JSON.stringify(await jsonOf(t.api(`/api/webhooks/${created.id}`)))).not.toContain("PRIVATE KEY");
    const stored = await t.database.client.execute({ sql: "SELECT tls_client_key_enc FROM webhooks WHERE id = ?", args: [created.id] });
    expect(String(stored.rows[0]!.tls_client_key_enc)).not.toContain("PRIVATE KEY");

    const patched = await jsonOf<{ tls: unknown }>(t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { url: "https://pms2.hotel.lan/hook" } }));
    expect(patched.tls).toEqual({ ca: pmsCa.cert, client_cert: client.cert, client_key_set: true });
    const cleared = await jsonOf<{ tls: unknown }>(t.api(`/api/webhooks/${created.id}`, { method: "PATCH", body: { tls: { client_cert: "" } } }));
    expect(cleared.tls).toEqual({ ca: pmsCa.cert, client_cert: "", client_key_set: false });
  });
});

const RUNTIMES: { name: string; command: string[]; env: Record<string, string> }[] = [
  { name: "Bun", command: SOURCE_COMMAND, env: {} },
  { name: "Deno", command: DENO_COMMAND, env: { HOME: process.env.HOME ?? "/root", DENO_NO_UPDATE_CHECK: "1" } },
];

describe.each(RUNTIMES)("TLS to on-site servers, the service under $name", ({ command, env }) => {
  test(
    "trusts a webhook's own CA in addition to the system's, and presents its client certificate when asked",
    async () => {
      const dir = await cleanups.tempDir();
      const service = await startServiceProcess({ command, args: ["--db", `file:${dir}/webhooks.db`], cwd: dir, env: { WEBHOOKS_ADMIN_TOKEN: TOKEN, ...env }, timeoutMs: 60_000 });
      cleanups.add(async () => {
        service.proc.kill("SIGKILL");
        await service.proc.exited;
      });
      const call = async (path: string, body?: unknown) => {
        const res = await fetch(`${service.url}${path}`, {
          method: body === undefined ? "GET" : "POST",
          headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return (await res.json()) as Record<string, unknown>;
      };
      const pms = startHttpsReceiver();
      const mutual = startHttpsReceiver({ clientCa: clientCa.cert });
      const tokens = startHttpsReceiver({ answer: () => Response.json({ access_token: "from-the-lan" }) });
      const webhook = async (name: string, url: string, tls: Record<string, string>, auth?: Record<string, unknown>) =>
        (await call("/api/webhooks", { name, url: `${url}/${name}`, events: ["custom.tls"], body: `{"to":"${name}"}`, tls, auth })).id as number;
      const ids = {
        trusted: await webhook("trusted", pms.url, { ca: pmsCa.cert }),
        untrusted: await webhook("untrusted", pms.url, {}),
        mutual: await webhook("mutual", mutual.url, { ca: pmsCa.cert, client_cert: client.cert, client_key: client.key }),
        anonymous: await webhook("anonymous", mutual.url, { ca: pmsCa.cert }),
        // the token request goes to a server of the same CA: the webhook's TLS settings hold for it too
        tokened: await webhook("tokened", pms.url, { ca: pmsCa.cert }, { type: "token", url: `${tokens.url}/token`, token_field: "access_token", username: "box", password: "secret" }),
      };
      const { accepted } = (await call("/api/events", { type: "custom.tls" })) as { accepted: string[] };
      const entries = await eventually(async () => {
        const { items } = (await call(`/api/log?event_uuid=${accepted[0]}`)) as { items: { webhook_id: number; status: string; attempts: number; error: string | null }[] };
        return items.length === 5 && items.every((i) => i.status === "succeeded" || i.attempts >= 1) && items;
      }, 30_000);
      const byId = new Map(entries.map((e) => [e.webhook_id, e]));
      expect(byId.get(ids.trusted)!.status).toBe("succeeded");
      expect(byId.get(ids.mutual)!.status).toBe("succeeded");
      expect(byId.get(ids.tokened)!.status).toBe("succeeded");
      expect(tokens.bodies).toHaveLength(1);
      expect(pms.bodies.sort()).toEqual(['{"to":"tokened"}', '{"to":"trusted"}']);
      expect(mutual.bodies).toEqual(['{"to":"mutual"}']);
      // verification is never off: without the CA, or without a client certificate, nothing is delivered
      for (const id of [ids.untrusted, ids.anonymous]) expect(byId.get(id)!.status).not.toBe("succeeded");
      expect(byId.get(ids.untrusted)!.error).toBeTruthy();
    },
    90_000,
  );
});
