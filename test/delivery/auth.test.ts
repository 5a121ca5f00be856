import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { Buffer } from "node:buffer";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { LEASE_MS } from "../../src/delivery/lease.ts";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { heldAnswer, startReceiver, type Receiver, type Responder } from "../helpers/receiver.ts";

const cleanups = cleanupAfterEach();

let h: DeliveryHarness;
let authServer: Receiver;

async function start(options: { endpoint?: Responder; auth?: Responder; dir?: string } = {}) {
  authServer = startReceiver(options.auth ?? (() => Response.json({ auth: { token: "tok-1" } })));
  h = await startDeliveryHarness(options.endpoint, { dir: options.dir });
  cleanups.add(() => authServer.stop(), () => h.close());
}

function tokenAuth(overrides: Record<string, unknown> = {}) {
  return {
    type: "token",
    url: `${authServer.url}/login`,
    username: "box",
    password: "s3cret",
    token_field: "auth.token",
    token_refresh_interval: 60,
    ...overrides,
  };
}

const bearer = (r: { headers: Record<string, string> }) => r.headers.authorization;

/** Posts an event and waits until it is delivered: the clock moves only then, or its claim would lapse mid-send. */
async function deliverOne() {
  const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
  await h.waitForEntry(uuid, (e) => e.status === "succeeded");
}

describe("basic authentication", () => {
  test("every request carries Basic base64(username:password) in UTF-8", async () => {
    await start();
    await h.createWebhook({ auth: { type: "basic", username: "bøx", password: "pä:ss wörd" } });
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from("bøx:pä:ss wörd", "utf8").toString("base64")}`);
  });
});

describe("token authentication", () => {
  test("JSON: the default body carries the credentials; the token comes from a nested field", async () => {
    await start();
    await h.createWebhook({ auth: tokenAuth({ password: 'p"w\\' }) });
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(bearer(request!)).toBe("Bearer tok-1");
    const [login] = authServer.requests;
    expect(login!.method).toBe("POST");
    expect(login!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(login!.body)).toEqual({ username: "box", password: 'p"w\\' });
  });

  test("XML: a templated XML body, escaped; the token read from an XML answer", async () => {
    await start({
      auth: () => new Response("<response><data><token>tok-xml</token></data></response>", { headers: { "Content-Type": "application/xml" } }),
    });
    await h.createWebhook({
      auth: tokenAuth({
        body_mime_type: "application/xml",
        body: "<login><user>{{username}}</user><pass>{{password}}</pass></login>",
        password: "<&>",
        token_field: "response.data.token",
        headers: "X-Client: iacbox",
      }),
    });
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(bearer(request!)).toBe("Bearer tok-xml");
    const login = authServer.requests[0]!;
    expect(login.headers["content-type"]).toBe("application/xml");
    expect(login.headers["x-client"]).toBe("iacbox");
    expect(new XMLParser({ parseTagValue: false }).parse(login.body)).toEqual({ login: { user: "box", pass: "<&>" } });
  });

  test("placeholders in the token URL are filled, percent-encoded as in the webhook URL", async () => {
    await start();
    await h.createWebhook({ auth: tokenAuth({ url: `${authServer.url}/login/{{username}}?u={{username}}&p={{password}}`, username: "box user/1", password: "a&b=c" }) });
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(bearer(request!)).toBe("Bearer tok-1");
    expect(authServer.requests[0]!.path).toBe("/login/box%20user%2F1?u=box%20user%2F1&p=a%26b%3Dc");
  });

  test("auth header values beyond ASCII go out percent-encoded; the delivery and the auth test both work", async () => {
    await start();
    const webhook = await h.createWebhook({ auth: tokenAuth({ password: "пароль", headers: "X-Api-Key: {{password}}\nX-Client: 東京" }) });
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(bearer(request!)).toBe("Bearer tok-1");
    const login = authServer.requests[0]!;
    expect(decodeURIComponent(login.headers["x-api-key"]!)).toBe("пароль");
    expect(decodeURIComponent(login.headers["x-client"]!)).toBe("東京");
    const res = await h.t.api(`/api/webhooks/${webhook.id}/auth/test`, { method: "POST" });
    expect(await res.json()).toMatchObject({ ok: true });
  });

  test("a token that arrives too late to send before the claim lapses: the claim is given back and sent anew, no attempt spent", async () => {
    const late = heldAnswer(() => Response.json({ auth: { token: "tok-late" } }));
    await start({ auth: () => late.answer });
    await h.createWebhook({ auth: tokenAuth() });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await authServer.waitForCount(1);
    h.clock.now += LEASE_MS - 500;
    late.release();
    const entry = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    expect(entry.attempts).toBe(1);
    expect(h.receiver.requests.map(bearer)).toEqual(["Bearer tok-late"]);
    expect(authServer.requests).toHaveLength(1);
  });

  test("a resend after 401 whose whole timeout no longer fits before the claim lapses is not sent: an attempt, retried with the new token", async () => {
    const renewed = heldAnswer(() => Response.json({ auth: { token: "tok-2" } }));
    await start({
      endpoint: (_, i) => new Response(null, { status: i === 0 ? 401 : 200 }),
      auth: (_, i) => (i === 0 ? Response.json({ auth: { token: "tok-1" } }) : renewed.answer),
    });
    await h.createWebhook({ auth: tokenAuth() });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    await authServer.waitForCount(2);
    // the renewed token comes when less than the request timeout (10 s) is left of the claim
    h.clock.now += LEASE_MS - 10_000;
    renewed.release();
    const retrying = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(retrying).toMatchObject({ attempts: 1, error: expect.stringContaining("came too late to send again") });
    h.advance(5_000);
    const entry = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    expect(entry.attempts).toBe(2);
    expect(h.receiver.requests.map(bearer)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  test("a GET auth request sends no body; an array index in the token field", async () => {
    await start({ auth: () => Response.json({ data: [{ token: "tok-array" }] }) });
    await h.createWebhook({ auth: tokenAuth({ method: "GET", token_field: "data.0.token" }) });
    await h.postEvents({ type: "system.started" });
    const [request] = await h.receiver.waitForCount(1);
    expect(bearer(request!)).toBe("Bearer tok-array");
    expect(authServer.requests[0]).toMatchObject({ method: "GET", body: "" });
  });

  test("the token is reused until the refresh interval, then fetched again", async () => {
    let n = 0;
    await start({ auth: () => Response.json({ auth: { token: `tok-${++n}` } }) });
    await h.createWebhook({ auth: tokenAuth({ token_refresh_interval: 1 }) });
    await deliverOne();
    h.clock.now += 59_000;
    await deliverOne();
    h.clock.now += 2_000;
    await deliverOne();
    expect(authServer.requests).toHaveLength(2);
  });

  test("OAuth 2.0 client credentials: an empty form body is the grant; renewed before expires_in lapses, though the interval is longer", async () => {
    let n = 0;
    const FORM = "application/x-www-form-urlencoded";
    await start({
      auth: (req) => {
        const form = Object.fromEntries(new URLSearchParams(req.body));
        const granted = req.headers["content-type"] === FORM && form.grant_type === "client_credentials" && form.client_id === "box" && form.client_secret === "s3 cr&t=+é";
        return granted ? Response.json({ access_token: `tok-${++n}`, token_type: "Bearer", expires_in: 120 }) : Response.json({ error: "invalid_client" }, { status: 401 });
      },
    });
    const webhook = await h.createWebhook({ auth: tokenAuth({ body_mime_type: FORM, password: "s3 cr&t=+é", token_field: "access_token", token_refresh_interval: 60 }) });
    await deliverOne();
    // renewed a tenth of its life early: after 108 s
    h.clock.now += 100_000;
    await deliverOne();
    h.clock.now += 10_000;
    await deliverOne();
    expect(h.receiver.requests.map(bearer)).toEqual(["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
    expect(authServer.requests).toHaveLength(2);
    const tested = await (await h.t.api(`/api/webhooks/${webhook.id}/auth/test`, { method: "POST" })).json();
    expect(tested).toMatchObject({ ok: true, expires_at: new Date(h.clock.now + 108_000).toISOString() });
  });

  test("a form template has its values form-encoded; expires_in beside a nested token field, as text, counts too", async () => {
    let n = 0;
    await start({ auth: () => Response.json({ data: { token: `tok-${++n}`, expires_in: "30" } }) });
    await h.createWebhook({
      auth: tokenAuth({
        body_mime_type: "application/x-www-form-urlencoded",
        body: "grant_type=password&username={{username}}&password={{password}}&scope=hooks",
        password: "a b&c=d+é%",
        token_field: "data.token",
      }),
    });
    await deliverOne();
    expect(Object.fromEntries(new URLSearchParams(authServer.requests[0]!.body))).toEqual({ grant_type: "password", username: "box", password: "a b&c=d+é%", scope: "hooks" });
    h.clock.now += 28_000;
    await deliverOne();
    expect(h.receiver.requests.map(bearer)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  test("401 from the endpoint: the token is renewed and the request sent again at once", async () => {
    let n = 0;
    await start({
      auth: () => Response.json({ auth: { token: `tok-${++n}` } }),
      endpoint: (req) => new Response(null, { status: req.headers.authorization === "Bearer tok-1" ? 401 : 200 }),
    });
    await h.createWebhook({ auth: tokenAuth() });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    expect(entry.attempts).toBe(1);
    expect(h.receiver.requests.map(bearer)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
    expect(authServer.requests).toHaveLength(2);
  });

  test("many deliveries needing a token at once share one auth request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await start({
      auth: async () => {
        await gate;
        return Response.json({ auth: { token: "shared" } });
      },
    });
    await h.createWebhook({ auth: tokenAuth() });
    await h.postEvents(Array.from({ length: 20 }, () => ({ type: "system.started" })));
    await authServer.waitForCount(1);
    release();
    await h.receiver.waitForCount(20);
    expect(authServer.requests).toHaveLength(1);
    expect(new Set(h.receiver.requests.map(bearer))).toEqual(new Set(["Bearer shared"]));
  });

  test("changing the auth settings drops the cached token", async () => {
    let n = 0;
    await start({ auth: () => Response.json({ auth: { token: `tok-${++n}` } }) });
    const webhook = await h.createWebhook({ auth: tokenAuth() });
    await h.postEvents({ type: "system.started" });
    await h.receiver.waitForCount(1);
    await h.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { auth: { username: "other" } } });
    await h.postEvents({ type: "system.started" });
    await h.receiver.waitForCount(2);
    expect(h.receiver.requests.map(bearer)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
    expect(JSON.parse(authServer.requests[1]!.body).username).toBe("other");
  });

  test("the token survives a restart", async () => {
    const dir = await cleanups.tempDir();
    let n = 0;
    const auth: Responder = () => Response.json({ auth: { token: `tok-${++n}` } });
    await start({ auth, dir: dir });
    const webhook = await h.createWebhook({ auth: tokenAuth() });
    await h.postEvents({ type: "system.started" });
    await h.receiver.waitForCount(1);
    const firstAuthServer = authServer;
    await h.t.dispatcher.stop(1000);

    const restarted = await startDeliveryHarness(undefined, { dir: dir, clock: h.clock });
    cleanups.add(() => restarted.close());
    await restarted.t.api(`/api/webhooks/${webhook.id}`, { method: "PATCH", body: { url: `${restarted.receiver.url}/hook` } });
    await restarted.postEvents({ type: "system.started" });
    const [request] = await restarted.receiver.waitForCount(1);
    expect(bearer(request!)).toBe("Bearer tok-1");
    expect(firstAuthServer.requests).toHaveLength(1);
  });
});

describe("authentication failures", () => {
  async function failureOf(auth: Responder | null, overrides: Record<string, unknown> = {}) {
    await start({ auth: auth ?? undefined });
    const url = auth === null ? (authServer.stop(), `${authServer.url}/login`) : `${authServer.url}/login`;
    await h.createWebhook({ auth: tokenAuth({ url, ...overrides }) });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(h.receiver.requests).toHaveLength(0);
    return { error: entry.error as string, url };
  }

  test("the auth URL is down", async () => {
    const { error, url } = await failureOf(null);
    expect(error).toStartWith(`authentication request to ${url} failed: `);
  });

  test("the auth URL answers an error", async () => {
    const { error, url } = await failureOf(() => new Response("no", { status: 403 }));
    expect(error).toBe(`authentication from ${url} answered HTTP 403 Forbidden`);
  });

  test("the answer is neither JSON nor XML", async () => {
    const { error, url } = await failureOf(() => new Response("token=abc", { headers: { "Content-Type": "text/plain" } }));
    expect(error).toBe(`the response from ${url} is neither JSON nor XML`);
  });

  test("the token field is missing", async () => {
    const { error, url } = await failureOf(() => Response.json({ auth: { jwt: "x" } }));
    expect(error).toBe(`token field auth.token not found in response from ${url}`);
  });

  test("the token is empty", async () => {
    const { error, url } = await failureOf(() => Response.json({ auth: { token: "" } }));
    expect(error).toBe(`token field auth.token is empty in response from ${url}`);
  });

  test("an answer over 1 MiB is refused whole, not parsed from its start", async () => {
    // the token comes first: a parser reading the first MiB alone would find it
    const padded = `{"auth":{"token":"tok-big"},"pad":"${"x".repeat(1024 * 1024)}"}`;
    const { error, url } = await failureOf(() => new Response(padded, { headers: { "Content-Type": "application/json" } }));
    expect(error).toBe(`the response from ${url} exceeds 1 MiB`);
  });

  test("an answer that unpacks past 1 MiB is refused the same, however small on the wire", async () => {
    const bomb = gzipSync(`{"auth":{"token":"tok-big"},"pad":"${"x".repeat(64 * 1024 * 1024)}"}`);
    expect(bomb.length).toBeLessThan(100_000);
    const { error, url } = await failureOf(() => new Response(bomb, { headers: { "Content-Type": "application/json", "Content-Encoding": "gzip" } }));
    expect(error).toBe(`the response from ${url} exceeds 1 MiB`);
  });
});

describe("compressed token answers", () => {
  for (const [encoding, compress] of [["gzip", gzipSync], ["deflate", deflateSync], ["br", brotliCompressSync]] as const) {
    test(`a ${encoding} answer is decoded and its token used`, async () => {
      const body = compress(JSON.stringify({ auth: { token: `tok-${encoding}` } }));
      await start({ auth: () => new Response(body, { headers: { "Content-Type": "application/json", "Content-Encoding": encoding } }) });
      await h.createWebhook({ auth: tokenAuth() });
      await h.postEvents({ type: "system.started" });
      const [request] = await h.receiver.waitForCount(1);
      expect(bearer(request!)).toBe(`Bearer tok-${encoding}`);
    });
  }
});

describe("POST /api/webhooks/:id/auth/test", () => {
  test("reports a token, redacted, with its length and expiry", async () => {
    await start({ auth: () => Response.json({ auth: { token: "0123456789abcdef" } }) });
    const webhook = await h.createWebhook({ auth: tokenAuth({ token_refresh_interval: 30 }) });
    const res = await h.t.api(`/api/webhooks/${webhook.id}/auth/test`, { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      ok: true,
      type: "token",
      message: `Got a token from ${authServer.url}/login`,
      token: "[redacted]",
      token_length: 16,
      expires_at: new Date(h.clock.now + 30 * 60_000).toISOString(),
    });
    expect(JSON.stringify(body)).not.toContain("0123456789abcdef");
  });

  test("reports the precise error", async () => {
    await start({ auth: () => Response.json({}) });
    const webhook = await h.createWebhook({ auth: tokenAuth() });
    const body = (await (await h.t.api(`/api/webhooks/${webhook.id}/auth/test`, { method: "POST" })).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: false, error: `token field auth.token not found in response from ${authServer.url}/login` });
  });

  test("basic needs no step; none has nothing to test", async () => {
    await start();
    const basic = await h.createWebhook({ auth: { type: "basic", username: "u", password: "p" } });
    expect(await (await h.t.api(`/api/webhooks/${basic.id}/auth/test`, { method: "POST" })).json()).toMatchObject({ ok: true, type: "basic" });
    const none = await h.createWebhook();
    expect((await h.t.api(`/api/webhooks/${none.id}/auth/test`, { method: "POST" })).status).toBe(409);
    expect((await h.t.api("/api/webhooks/9999/auth/test", { method: "POST" })).status).toBe(404);
  });
});
