import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestApp, expectErrorShape, jsonOf, TEST_ADMIN_TOKEN, type ErrorResponse, type TestApp } from "../helpers/test-app.ts";

const METRICS_TOKEN = "sign-in-metrics-token-0123456789";
const WRONG = `Bearer ${TEST_ADMIN_TOKEN}-wrong`;

let t: TestApp;
/** The monotonic clock the limiter reads, in ms; moved by the tests. */
let clock: number;
beforeEach(async () => {
  clock = 1_000;
  t = await createTestApp({ monotonic: () => clock, metricsToken: METRICS_TOKEN });
});
afterEach(() => t.close());

/** A request from `address` (as the runtime hands it over); no address: as `app.request` alone sends it. */
function from(address: string | undefined, authorization: string | null, path = "/api/settings") {
  const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization };
  return t.app.request(path, { headers }, address === undefined ? undefined : { peer: { address } });
}

/** `count` wrong tokens from `address`, each answered 401. */
async function failTimes(address: string | undefined, count: number, path?: string) {
  for (let i = 0; i < count; i++) await expectErrorShape(await from(address, WRONG, path), 401, "unauthorized");
}

async function expectRefused(res: Response, retryAfterSeconds: number) {
  expect(res.headers.get("Retry-After")).toBe(String(retryAfterSeconds));
  expect(res.headers.get("WWW-Authenticate")).toBeNull();
  expect(res.status).toBe(429);
  expect(await jsonOf<ErrorResponse>(res)).toEqual({
    error: { code: "rate_limited", message: `Too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`, issues: [] },
  });
}

const refusalWarnings = () => t.logLines.map((l) => JSON.parse(l)).filter((l) => l.level === "warn" && l.msg.startsWith("too many failed sign-ins"));

describe("failed sign-ins from one address", () => {
  test("ten wrong tokens are 401s, the eleventh a 429 until the oldest failure is a minute old", async () => {
    await failTimes("10.0.0.7", 10);
    await expectRefused(await from("10.0.0.7", WRONG), 60);
    clock += 15_500;
    await expectRefused(await from("10.0.0.7", WRONG), 45);
  });

  test("the valid token passes from a refused address, on /api and /metrics", async () => {
    await failTimes("10.0.0.7", 10);
    await expectRefused(await from("10.0.0.7", WRONG), 60);
    expect((await from("10.0.0.7", `Bearer ${TEST_ADMIN_TOKEN}`)).status).toBe(200);
    expect((await from("10.0.0.7", `Bearer ${TEST_ADMIN_TOKEN}`, "/metrics")).status).toBe(200);
    expect((await from("10.0.0.7", `Bearer ${METRICS_TOKEN}`, "/metrics")).status).toBe(200);
  });

  test("another address is not refused", async () => {
    await failTimes("10.0.0.7", 10);
    await expectRefused(await from("10.0.0.7", WRONG), 60);
    await expectErrorShape(await from("10.0.0.8", WRONG), 401, "unauthorized");
  });

  test("the window slides: each failure older than a minute makes room for one more", async () => {
    await failTimes("10.0.0.7", 1);
    clock += 30_000;
    await failTimes("10.0.0.7", 9);
    await expectRefused(await from("10.0.0.7", WRONG), 30);
    clock += 30_000;
    await failTimes("10.0.0.7", 1);
    await expectRefused(await from("10.0.0.7", WRONG), 30);
    clock += 30_000;
    // the nine failures of the second half-minute left the window; the one just counted is in it
    await failTimes("10.0.0.7", 9);
    await expectRefused(await from("10.0.0.7", WRONG), 30);
  });

  test("refused attempts are not counted: waiting as told is enough", async () => {
    await failTimes("10.0.0.7", 10);
    for (let i = 0; i < 20; i++) await expectRefused(await from("10.0.0.7", WRONG), 60);
    clock += 60_000;
    await failTimes("10.0.0.7", 10);
  });

  test("/metrics and the API share one count", async () => {
    await failTimes("10.0.0.7", 5, "/metrics");
    await failTimes("10.0.0.7", 5, "/api/webhooks");
    await expectRefused(await from("10.0.0.7", WRONG, "/metrics"), 60);
    await expectRefused(await from("10.0.0.7", WRONG, "/api/webhooks"), 60);
  });

  test("a malformed Authorization header is a guess too; a request without one is never counted nor refused", async () => {
    for (let i = 0; i < 20; i++) await expectErrorShape(await from("10.0.0.7", null), 401, "unauthorized");
    await failTimes("10.0.0.7", 8);
    await expectErrorShape(await from("10.0.0.7", `Basic ${btoa(`admin:${TEST_ADMIN_TOKEN}`)}`), 401, "unauthorized");
    await expectErrorShape(await from("10.0.0.7", "Bearer "), 401, "unauthorized");
    await expectRefused(await from("10.0.0.7", "Bearer "), 60);
    const error = await expectErrorShape(await from("10.0.0.7", null), 401, "unauthorized");
    expect(error.message).toContain("Authorization: Bearer");
  });

  test("one warning when an address starts being refused, naming it, and one more when it starts again", async () => {
    await failTimes("10.0.0.7", 10);
    expect(refusalWarnings()).toEqual([]);
    for (let i = 0; i < 5; i++) await expectRefused(await from("10.0.0.7", WRONG), 60);
    expect(refusalWarnings()).toEqual([expect.objectContaining({ address: "10.0.0.7", retry_after_s: 60 })]);
    clock += 60_000;
    await failTimes("10.0.0.7", 10);
    await expectRefused(await from("10.0.0.7", WRONG), 60);
    expect(refusalWarnings()).toHaveLength(2);
  });

  test("without a peer address (the runtime gave none) failures count under one key, 'unknown'", async () => {
    await failTimes(undefined, 10);
    await expectRefused(await from(undefined, WRONG), 60);
    expect(refusalWarnings()).toEqual([expect.objectContaining({ address: "unknown" })]);
    await expectErrorShape(await from("10.0.0.7", WRONG), 401, "unauthorized");
  });
});

describe("what counts as one address", () => {
  test("IPv6 addresses count per /64", async () => {
    for (let i = 1; i <= 10; i++) await failTimes(`2001:db8:1:2::${i.toString(16)}`, 1);
    await expectRefused(await from("2001:db8:1:2:ffff:ffff:ffff:ffff", WRONG), 60);
    await expectRefused(await from("2001:0db8:0001:0002::abcd", WRONG), 60);
    expect(refusalWarnings()).toEqual([expect.objectContaining({ address: "2001:db8:1:2::/64" })]);
    await expectErrorShape(await from("2001:db8:1:3::1", WRONG), 401, "unauthorized");
  });

  test("an IPv4-mapped IPv6 address counts as its IPv4 address", async () => {
    await failTimes("::ffff:10.0.0.7", 5);
    await failTimes("10.0.0.7", 5);
    await expectRefused(await from("::ffff:10.0.0.7", WRONG), 60);
    await expectRefused(await from("10.0.0.7", WRONG), 60);
    await expectErrorShape(await from("::ffff:10.0.0.8", WRONG), 401, "unauthorized");
  });

  test("at most 10,000 addresses are tracked: the one whose last failure is oldest is forgotten first", async () => {
    const other = (i: number) => `10.${i >> 16}.${(i >> 8) & 0xff}.${i & 0xff}`;
    await failTimes("192.0.2.1", 10);
    await failTimes("192.0.2.2", 10);
    for (let i = 0; i < 9_998; i++) await failTimes(other(i), 1);
    // a refusal keeps its address in mind: now the most recent
    await expectRefused(await from("192.0.2.1", WRONG), 60);
    await failTimes(other(9_998), 1);
    await expectRefused(await from("192.0.2.1", WRONG), 60);
    await expectErrorShape(await from("192.0.2.2", WRONG), 401, "unauthorized");
  });
});
