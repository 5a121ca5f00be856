import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toBase64 } from "../../src/base64.ts";
import { signatureHeaders } from "../../src/delivery/signing.ts";
import { createLogger } from "../../src/logger.ts";
import { createSecretBox } from "../../src/security/secret-box.ts";
import { startService, type Service } from "../../src/service.ts";
import { startDeliveryHarness } from "../helpers/delivery-harness.ts";
import { directRuntime } from "../helpers/direct-runtime.ts";
import { eventually, startReceiver, type ReceivedRequest, type Receiver } from "../helpers/receiver.ts";
import { expectErrorShape, jsonOf, type ErrorResponse } from "../helpers/test-app.ts";
import type { LogEntry, LogItem } from "../../src/api/log.routes.ts";
import type { ApiWebhook } from "../../src/api/webhooks.schemas.ts";

const ADMIN_TOKEN = "secret-key-test-admin-token-0123";
const cleanups = cleanupAfterEach();

type LogLine = Record<string, unknown>;
type LogPage = { items: LogItem[] };

/** The whole service started on `dir` (real libSQL file, real key file), its log collected. */
async function startIn(dir: string) {
  const { runtime, request } = directRuntime();
  const lines: LogLine[] = [];
  const config = { host: "127.0.0.1", port: 0, dbUrl: `file:${dir}/webhooks.db`, dataDir: dir, basePath: "", adminToken: ADMIN_TOKEN };
  const service: Service = await startService(config, runtime, createLogger({ write: (line) => lines.push(JSON.parse(line)) }));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await service.stop();
  };
  cleanups.add(stop);
  /** A request with the admin token; the body read as `T`, the route's response type. */
  async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    const method = init.method ?? (init.body === undefined ? "GET" : "POST");
    const res = await request(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as T) };
  }
  /** The log lines about secret.key. */
  const keyLines = () => lines.filter((l) => String(l.msg).includes("secret.key"));
  return { api, stop, keyLines, request };
}
type Running = Awaited<ReturnType<typeof startIn>>;

/** /token hands out tokens; /basic answers its first request 503 (retry in 1 s), so a delivery is still waiting; the rest 200. */
function receiverForSeed(): Receiver {
  let tokens = 0;
  let basicSeen = false;
  const receiver = startReceiver((request) => {
    if (request.path === "/token") return Response.json({ token: `token-${++tokens}` });
    if (request.path === "/basic" && !basicSeen) {
      basicSeen = true;
      return new Response("busy", { status: 503, headers: { "Retry-After": "1" } });
    }
    return new Response("ok");
  });
  cleanups.add(() => receiver.stop());
  return receiver;
}

interface Seeded {
  dir: string;
  receiver: Receiver;
  ids: { basic: number; signed: number; plain: number; token: number };
  signingSecret: string;
  /** The delivery to `basic` that is still to be retried. */
  waitingDelivery: number;
  key: string;
}

/**
 * A service that ran with a key: a basic-auth webhook (its first delivery still to be
 * retried), a signed one, one with a cached auth token, a plain one. Stopped.
 */
async function seed(): Promise<Seeded> {
  const temp = await cleanups.tempDir();
  const receiver = receiverForSeed();
  const s = await startIn(temp);
  const create = async (body: Record<string, unknown>) => {
    const res = await s.api<ApiWebhook>("/api/webhooks", { body: { events: ["ticket.*"], ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body!.id;
  };
  const ids = {
    basic: await create({ name: "basic", url: `${receiver.url}/basic`, auth: { type: "basic", username: "guest", password: "old-password" } }),
    signed: await create({ name: "signed", url: `${receiver.url}/signed` }),
    plain: await create({ name: "plain", url: `${receiver.url}/plain` }),
    token: await create({
      name: "token",
      url: `${receiver.url}/tokened`,
      auth: { type: "token", url: `${receiver.url}/token`, token_field: "token", token_refresh_interval: 60 },
    }),
  };
  const rotated = await s.api<{ signing_secret: string }>(`/api/webhooks/${ids.signed}/signing-secret`, { method: "POST" });
  expect(rotated.status).toBe(201);
  const uuid = await postEvent(s);
  await receiver.waitFor((r) => ["/basic", "/signed", "/plain", "/tokened"].every((path) => r.some((q) => q.path === path)));
  const waiting = await eventually(async () =>
    (await s.api<LogPage>(`/api/log?webhook_id=${ids.basic}`)).body!.items.find((i) => i.event_uuid === uuid && i.status === "retrying"),
  );
  await s.stop();
  const key = await readFile(join(temp, "secret.key"), "utf8");
  return { dir: temp, receiver, ids, signingSecret: rotated.body!.signing_secret, waitingDelivery: waiting.id, key };
}

async function postEvent(s: Running): Promise<string> {
  const res = await s.api<{ accepted: string[] }>("/api/events", { body: { type: "ticket.logged_in", ticket_id: "4711" } });
  expect(res.status).toBe(202);
  return res.body!.accepted[0]!;
}

async function webhook(s: Running, id: number): Promise<ApiWebhook> {
  return (await s.api<ApiWebhook>(`/api/webhooks/${id}`)).body!;
}

/**
 * After a start whose key does not open the stored secrets: healthy, one error line,
 * the basic and signed webhooks switched off with a note (the delivery waiting for basic
 * kept), the others still delivering, the token one with a token fetched anew.
 */
async function expectSecretsLocked(s: Running, seeded: Seeded, problem: RegExp, reason: { password: RegExp; signing: RegExp }) {
  const { ids, receiver } = seeded;
  expect((await s.request("/api/health")).status).toBe(200);
  const lines = s.keyLines();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: "error", msg: "secret.key does not open the stored secrets", path: join(seeded.dir, "secret.key"), webhooks: 2 });
  expect(lines[0]!.webhook_ids).toEqual([ids.basic, ids.signed]);
  expect(lines[0]!.problem).toMatch(problem);

  const basic = await webhook(s, ids.basic);
  expect(basic).toMatchObject({ enabled: false, auth: { password_set: false } });
  expect(basic.disabled_reason).toMatch(reason.password);
  const signed = await webhook(s, ids.signed);
  expect(signed).toMatchObject({ enabled: false, signing_enabled: true });
  expect(signed.disabled_reason).toMatch(reason.signing);
  for (const id of [ids.plain, ids.token]) expect(await webhook(s, id)).toMatchObject({ enabled: true, disabled_reason: null });
  // switched off, its delivery waits: kept, not failed
  expect((await s.api<LogEntry>(`/api/log/${seeded.waitingDelivery}`)).body!.status).toBe("retrying");

  const tokensBefore = receiver.requests.filter((r) => r.path === "/token").length;
  const uuid = await postEvent(s);
  const got = (path: string) => (r: ReceivedRequest[]) => r.some((q) => q.path === path && q.headers["webhook-id"] === uuid);
  await receiver.waitFor((r) => got("/plain")(r) && got("/tokened")(r));
  // the cached token did not open: a new one was fetched
  expect(receiver.requests.filter((r) => r.path === "/token").length).toBe(tokensBefore + 1);
  const { items } = (await s.api<LogPage>("/api/log")).body!;
  expect(items.filter((i) => i.event_uuid === uuid).map((i) => i.webhook_id).sort()).toEqual([ids.plain, ids.token].sort());
}

/** A password entered again and a signing secret rotated make the webhooks deliver again, the waiting delivery first. */
async function expectReenteringWorks(s: Running, seeded: Seeded) {
  const { ids, receiver } = seeded;
  const unsaid = await s.api<ErrorResponse>(`/api/webhooks/${ids.basic}`, { method: "PATCH", body: { enabled: true } });
  expect(unsaid.status).toBe(422);
  expect(unsaid.body!.error.issues.map((i) => i.path)).toEqual(["auth.password"]);
  const reentered = await s.api<ApiWebhook>(`/api/webhooks/${ids.basic}`, { method: "PATCH", body: { enabled: true, auth: { password: "new-password" } } });
  expect(reentered.status, JSON.stringify(reentered.body)).toBe(200);
  expect(reentered.body).toMatchObject({ enabled: true, disabled_reason: null, auth: { password_set: true } });
  const newAuth = `Basic ${toBase64(new TextEncoder().encode("guest:new-password"))}`;
  await receiver.waitFor((r) => r.some((q) => q.path === "/basic" && q.headers.authorization === newAuth));
  await eventually(async () => (await s.api<LogEntry>(`/api/log/${seeded.waitingDelivery}`)).body!.status === "succeeded");

  const unsigned = await s.api<ErrorResponse>(`/api/webhooks/${ids.signed}`, { method: "PATCH", body: { enabled: true } });
  expect(unsigned.status).toBe(422);
  expect(unsigned.body!.error.issues.map((i) => i.path)).toEqual(["enabled"]);
  const rotated = await s.api<{ signing_secret: string }>(`/api/webhooks/${ids.signed}/signing-secret`, { method: "POST" });
  expect(rotated.status).toBe(201);
  expect((await s.api(`/api/webhooks/${ids.signed}`, { method: "PATCH", body: { enabled: true } })).status).toBe(200);
  const uuid = await postEvent(s);
  const [request] = (await receiver.waitFor((r) => r.some((q) => q.path === "/signed" && q.headers["webhook-id"] === uuid))).filter(
    (q) => q.path === "/signed" && q.headers["webhook-id"] === uuid,
  );
  // signed with the new secret alone: the old one did not open, so it is not carried over
  const expected = await signatureHeaders([rotated.body!.signing_secret], uuid, Number(request!.headers["webhook-timestamp"]), request!.body);
  expect(request!.headers["webhook-signature"]).toBe(expected["webhook-signature"]!);
}

const PASSWORD_REASON = /enter the password again/;
const SIGNING_REASON = /rotate the signing secret/;

describe("a secret.key that does not open the stored secrets", () => {
  test("missing: a new key is made and said so; the webhooks that need the old one wait until their secrets are entered again", async () => {
    const seeded = await seed();
    await rm(join(seeded.dir, "secret.key"));
    const s = await startIn(seeded.dir);
    await expectSecretsLocked(s, seeded, /missing: a new key was generated/, { password: PASSWORD_REASON, signing: SIGNING_REASON });
    expect((await stat(join(seeded.dir, "secret.key"))).mode & 0o777).toBe(0o600);
    await expectReenteringWorks(s, seeded);
    await s.stop();
    // entered again, they open at the next start: nothing to say
    expect((await startIn(seeded.dir)).keyLines()).toEqual([]);
  });

  test("another valid key: the same, and the stored secrets are kept for the right key", async () => {
    const seeded = await seed();
    await writeFile(join(seeded.dir, "secret.key"), `${toBase64(crypto.getRandomValues(new Uint8Array(32)))}\n`);
    const s = await startIn(seeded.dir);
    await expectSecretsLocked(s, seeded, /another key/, { password: PASSWORD_REASON, signing: SIGNING_REASON });
    await expectReenteringWorks(s, seeded);
  });

  test("a key file that cannot be used is kept as it is; nothing is stored until it is restored, which brings the secrets back", async () => {
    const seeded = await seed();
    const keyPath = join(seeded.dir, "secret.key");
    await writeFile(keyPath, "this is not a key!\n");
    const s = await startIn(seeded.dir);
    const reason = /secret\.key cannot be used \(it is not base64\).*restore secret\.key/;
    await expectSecretsLocked(s, seeded, /not base64/, { password: reason, signing: reason });
    const refused = await s.api<ErrorResponse>(`/api/webhooks/${seeded.ids.basic}`, { method: "PATCH", body: { enabled: true, auth: { password: "new-password" } } });
    expect(refused.status).toBe(409);
    expect(refused.body!.error.message).toContain("secret.key cannot be used (it is not base64)");
    expect((await s.api(`/api/webhooks/${seeded.ids.signed}/signing-secret`, { method: "POST" })).status).toBe(409);
    await s.stop();
    expect(await readFile(keyPath, "utf8")).toBe("this is not a key!\n");

    await writeFile(keyPath, seeded.key);
    const restored = await startIn(seeded.dir);
    expect(restored.keyLines()).toEqual([]);
    // the stored password opens again: switching the webhook on is enough
    expect(await webhook(restored, seeded.ids.basic)).toMatchObject({ enabled: false, auth: { password_set: true } });
    expect((await restored.api(`/api/webhooks/${seeded.ids.basic}`, { method: "PATCH", body: { enabled: true } })).status).toBe(200);
    const oldAuth = `Basic ${toBase64(new TextEncoder().encode("guest:old-password"))}`;
    await seeded.receiver.waitFor((r) => r.filter((q) => q.path === "/basic" && q.headers.authorization === oldAuth).length === 2);
  });

  test("empty, too short, a directory: each starts, says what is wrong in one line, and leaves the file as it was", async () => {
    const seeded = await seed();
    const keyPath = join(seeded.dir, "secret.key");
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ["empty", () => writeFile(keyPath, ""), /it is empty/],
      ["16 bytes", () => writeFile(keyPath, toBase64(new Uint8Array(16))), /it holds 16 bytes, not 32/],
      ["a directory", async () => (await rm(keyPath), mkdir(keyPath)), /cannot be read or created: EISDIR/],
    ];
    for (const [name, make, problem] of cases) {
      await make();
      const s = await startIn(seeded.dir);
      expect((await s.request("/api/health")).status, name).toBe(200);
      const lines = s.keyLines();
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatchObject({ level: "error", path: keyPath, webhooks: 2 });
      expect(lines[0]!.problem, name).toMatch(problem);
      expect((await webhook(s, seeded.ids.basic)).disabled_reason, name).toMatch(problem);
      await s.stop();
    }
    expect((await stat(keyPath)).isDirectory()).toBe(true);
  });

  test("with no secrets stored, an unusable key file is still said once, and webhooks without secrets deliver", async () => {
    const temp = await cleanups.tempDir();
    await writeFile(join(temp, "secret.key"), "garbage");
    const receiver = startReceiver();
    cleanups.add(() => receiver.stop());
    const s = await startIn(temp);
    expect(s.keyLines()).toMatchObject([{ level: "error", msg: "secret.key cannot be used", webhooks: 0 }]);
    expect((await s.api("/api/webhooks", { body: { name: "plain", url: `${receiver.url}/plain`, events: ["*"] } })).status).toBe(201);
    const uuid = await postEvent(s);
    await receiver.waitFor((r) => r.some((q) => q.headers["webhook-id"] === uuid));
  });
});

describe("a secret that does not open at send time (sealed by an instance with another key)", () => {
  test("is a failed attempt saying so, retried as any other; nothing reaches the receiver, neither without credentials nor unsigned", async () => {
    const h = await startDeliveryHarness();
    cleanups.add(() => h.close());
    const basic = await h.createWebhook({ auth: { type: "basic", username: "guest", password: "pw" } }, "/basic");
    const signed = await h.createWebhook({}, "/signed");
    expect((await h.t.api(`/api/webhooks/${signed.id}/signing-secret`, { method: "POST" })).status).toBe(201);
    const otherKey = await createSecretBox(crypto.getRandomValues(new Uint8Array(32)));
    await h.t.database.client.batch([
      { sql: "UPDATE webhooks SET auth_password_enc = ?, revision = revision + 1 WHERE id = ?", args: [await otherKey.encrypt("pw"), basic.id] },
      { sql: "UPDATE webhooks SET signing_secret_enc = ?, revision = revision + 1 WHERE id = ?", args: [await otherKey.encrypt("whsec_x"), signed.id] },
    ]);
    // as a change by another instance: seen within a second
    h.advance(1000);
    await h.passes();
    const [uuid] = (await h.postEvents({ type: "ticket.logged_in" })).accepted;
    const basicEntry = await h.waitForEntry(uuid!, (e) => e.attempts === 1, basic.id);
    expect(basicEntry).toMatchObject({ status: "retrying", response_status: null });
    expect(basicEntry.error).toBe("secret.key does not open the stored password: enter the password again; nothing is sent without it");
    const signedEntry = await h.waitForEntry(uuid!, (e) => e.attempts === 1, signed.id);
    expect(signedEntry).toMatchObject({ status: "retrying" });
    expect(signedEntry.error).toBe("secret.key does not open the stored signing secret: rotate the signing secret; nothing is sent without it");
    expect(h.receiver.requests).toEqual([]);

    const tested = await h.t.api(`/api/webhooks/${signed.id}/test`, { method: "POST" });
    expect(await tested.json()).toMatchObject({ ok: false, response_status: null, error: expect.stringContaining("secret.key does not open") });
    expect(h.receiver.requests).toEqual([]);
    const shown = await jsonOf<ApiWebhook>(h.t.api(`/api/webhooks/${basic.id}`));
    expect(shown.auth.password_set).toBe(false);
    // a change must carry the password again, and a signed webhook stays signed
    const renamed = await h.t.api(`/api/webhooks/${basic.id}`, { method: "PATCH", body: { name: "renamed" } });
    expect((await expectErrorShape(renamed, 422, "validation_failed")).issues.map((i) => i.path)).toEqual(["auth.password"]);
    const kept = await h.t.api(`/api/webhooks/${signed.id}`, { method: "PATCH", body: { name: "renamed" } });
    expect((await expectErrorShape(kept, 422, "validation_failed")).issues.map((i) => i.path)).toEqual(["enabled"]);
  });
});
