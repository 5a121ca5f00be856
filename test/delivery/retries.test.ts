import { afterEach, describe, expect, test } from "bun:test";
import { createServer, type AddressInfo } from "node:net";
import { startDeliveryHarness, type DeliveryHarness } from "../helpers/delivery-harness.ts";
import { eventually, startReceiver } from "../helpers/receiver.ts";
import type { ApiWebhook } from "../../src/api/webhooks.schemas.ts";
import { jsonOf } from "../helpers/test-app.ts";

let h: DeliveryHarness;

/** `ms` as an HTTP date in one of the obsolete formats (RFC 9110 §5.6.7). */
function httpDate(ms: number, format: "asctime" | "rfc850"): string {
  const [, weekday, day, month, year, time] = /^(\w+), (\d\d) (\w+) (\d{4}) (\S+) GMT$/.exec(new Date(ms).toUTCString())!;
  if (format === "asctime") return `${weekday} ${month} ${day!.replace(/^0/, " ")} ${time} ${year}`;
  const longDay = new Date(ms).toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" });
  return `${longDay}, ${day}-${month}-${year!.slice(2)} ${time} GMT`;
}
/** Servers a test started beside the harness. */
const after: (() => void)[] = [];
afterEach(async () => {
  for (const stop of after.splice(0)) stop();
  await h.close();
});

async function start(respond?: Parameters<typeof startDeliveryHarness>[0]) {
  h = await startDeliveryHarness(respond);
  return h;
}

describe("retries", () => {
  test("a 500 is retried after 5 s, then succeeds; the log shows both attempts", async () => {
    await start((_, i) => (i === 0 ? new Response("database down", { status: 500 }) : new Response("ok")));
    const webhook = await h.createWebhook({ log_body_and_headers: true });
    const uuid = (await h.postEvents({ type: "ticket.logged_in" })).accepted[0]!;
    const retrying = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(retrying).toMatchObject({ attempts: 1, response_status: 500, error: "answered 500 Internal Server Error" });
    expect(Date.parse(retrying.next_attempt_at!) - h.clock.now).toBe(5000);

    h.advance(4999);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
    h.advance(1);
    await h.receiver.waitForCount(2);
    const done = await h.waitForEntry(uuid, (e) => e.status === "succeeded");
    expect(done).toMatchObject({ attempts: 2, response_status: 200, error: null, next_attempt_at: null, webhook_id: webhook.id });
    const detail = await h.logEntry(done.id);
    expect(detail.attempt_log.map((a) => [a.attempt, a.response_status, a.error])).toEqual([
      [1, 500, "answered 500 Internal Server Error"],
      [2, 200, null],
    ]);
    expect(detail.attempt_log[0]!.response_body).toBe("database down");
    expect(detail.attempt_log[0]!.request_headers!["webhook-id"]).toBe(uuid);
    expect(h.receiver.requests[0]!.headers["webhook-id"]).toBe(h.receiver.requests[1]!.headers["webhook-id"]);
  });

  test("on a running clock a retry goes out when due, not a read interval later", async () => {
    const clock = {
      get now() {
        return Date.now();
      },
      set now(_: number) {},
    };
    h = await startDeliveryHarness((_, i) => (i === 0 ? new Response("busy", { status: 503, headers: { "Retry-After": "1" } }) : new Response("ok")), { clock });
    await h.patchSettings({ read_interval_seconds: 60 });
    await h.createWebhook();
    await h.postEvents({ type: "ticket.logged_in" });
    const [first, second] = await h.receiver.waitForCount(2, 10_000);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  /**
   * The first event's log entry once its attempt ended, sent on the real clock with a 1 s
   * timeout to a receiver that answers `reply` and then sends nothing more.
   */
  async function answeredThenHanging(reply: string, logBodies: boolean) {
    const clock = {
      get now() {
        return Date.now();
      },
      set now(_: number) {},
    };
    h = await startDeliveryHarness(undefined, { clock });
    const hanging = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data: (socket) => void socket.write(reply) } });
    try {
      await h.patchSettings({ request_timeout_seconds: 1 });
      const webhook = await h.createWebhook({ url: `http://127.0.0.1:${hanging.port}/hook`, log_body_and_headers: logBodies });
      const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
      return await h.waitForEntry(uuid, (e) => e.status !== "pending", webhook.id);
    } finally {
      hanging.stop(true);
    }
  }

  test("a receiver that sends its headers, then hangs mid-body: the request timeout still ends the attempt", async () => {
    const entry = await answeredThenHanging("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial", true);
    expect((await h.logEntry(entry.id)).attempt_log[0]!.response_body).toBe("partial\n[response body cut short: timed out after 1 s]");
  });

  test("so does a short body stated but never sent when bodies are not logged: delivered, by the 200 it got", async () => {
    const started = Date.now();
    const entry = await answeredThenHanging("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false);
    expect({ status: entry.status, attempts: entry.attempts, response_status: entry.response_status }).toEqual({ status: "succeeded", attempts: 1, response_status: 200 });
    // the wait for the rest of it ended with the request's timeout, not later
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("the schedule backs off 5 s, 30 s, 2 min, 10 min, 30 min and gives up after max_attempts", async () => {
    await start(() => new Response("no", { status: 503 }));
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const entry = await h.waitForEntry(uuid, (e) => e.attempts === attempt && e.status === "retrying");
      const delay = Date.parse(entry.next_attempt_at!) - h.clock.now;
      delays.push(delay);
      h.advance(delay);
    }
    expect(delays).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000]);
    const failed = await h.waitForEntry(uuid, (e) => e.status === "failed");
    expect(failed).toMatchObject({ attempts: 6, next_attempt_at: null });
    expect(failed.error).toBe("answered 503 Service Unavailable (gave up after 6 attempts)");
    h.advance(3_600_000);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(6);
  });

  test("other 4xx fail at once, without retry", async () => {
    await start(() => new Response("bad field", { status: 422 }));
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const failed = await h.waitForEntry(uuid, (e) => e.status === "failed");
    expect(failed).toMatchObject({ attempts: 1, response_status: 422, error: "answered 422 Unprocessable Entity" });
    h.advance(3_600_000);
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
  });

  test("Retry-After in seconds or as an HTTP date in any of its three formats replaces the schedule, at least a second and at most an hour", async () => {
    const answers = [
      () => new Response(null, { status: 429, headers: { "Retry-After": "120" } }),
      () => new Response(null, { status: 503, headers: { "Retry-After": new Date(h.clock.now + 45_000).toUTCString() } }),
      () => new Response(null, { status: 503, headers: { "Retry-After": "86400" } }),
      () => new Response(null, { status: 503, headers: { "Retry-After": "0" } }),
      () => new Response(null, { status: 429, headers: { "Retry-After": new Date(h.clock.now - 60_000).toUTCString() } }),
      // the two obsolete date formats a recipient must still read
      () => new Response(null, { status: 503, headers: { "Retry-After": httpDate(h.clock.now + 90_000, "asctime") } }),
      () => new Response(null, { status: 503, headers: { "Retry-After": httpDate(h.clock.now + 20_000, "rfc850") } }),
      () => new Response("ok"),
    ];
    await start((_, i) => answers[i]!());
    await h.patchSettings({ max_attempts: 10 });
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const expected = [120_000, 45_000, 3_600_000, 1_000, 1_000, 90_000, 20_000];
    for (let attempt = 1; attempt <= expected.length; attempt++) {
      const entry = await h.waitForEntry(uuid, (e) => e.attempts === attempt && e.status === "retrying");
      const delay = Date.parse(entry.next_attempt_at!) - h.clock.now;
      expect(delay).toBe(expected[attempt - 1]!);
      h.advance(delay);
    }
    await h.waitForEntry(uuid, (e) => e.status === "succeeded");
  });

  test("an invalid Retry-After counts as absent: the schedule applies, not the one second of a past date", async () => {
    const invalid = [
      "-5",
      "1.5",
      "99999999999", // seconds: 3,000 years
      "soon",
      "Sun, 31 Feb 2026 08:49:37 GMT", // no such day
      "Fri, 01 Jan 2100 00:00:00 GMT", // decades ahead: no delay anyone means
      "+30",
      "Sat 5",
    ];
    await start((_, i) => (i < invalid.length ? new Response(null, { status: 503, headers: { "Retry-After": invalid[i]! } }) : new Response("ok")));
    await h.patchSettings({ max_attempts: 10 });
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= invalid.length; attempt++) {
      const entry = await h.waitForEntry(uuid, (e) => e.attempts === attempt && e.status === "retrying");
      delays.push(Date.parse(entry.next_attempt_at!) - h.clock.now);
      h.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000]);
    await h.waitForEntry(uuid, (e) => e.status === "succeeded");
  });

  test("no answer within the request timeout is a retryable failure", async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await start(async () => {
      await hold;
      return new Response("late");
    });
    await h.patchSettings({ request_timeout_seconds: 1 });
    await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    release();
    expect(entry.error).toBe("timed out after 1 s");
    expect(entry.response_status).toBeNull();
    expect(entry.duration_ms).toBeGreaterThanOrEqual(0);
  });

  test("a refused connection is a retryable failure naming the problem", async () => {
    await start();
    const closed = startReceiver();
    const url = closed.url;
    closed.stop();
    await h.createWebhook({ url: `${url}/gone` });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(entry.error).toBe(`connection refused (ECONNREFUSED ${new URL(url).host})`);
    expect(entry.response_status).toBeNull();
    expect(Date.parse(entry.next_attempt_at!) - h.clock.now).toBe(5000);
  });

  test("a server name that does not resolve is a retryable failure saying so, with the name", async () => {
    await start();
    // .invalid never resolves (RFC 6761)
    await h.createWebhook({ url: "http://nonexistent.invalid/hook" });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(entry.error).toBe("server name not found (ENOTFOUND nonexistent.invalid)");
    expect((await h.logEntry(entry.id)).attempt_log[0]!.error).toBe(entry.error);
  });

  test("a receiver's reason phrase is kept short in the log", async () => {
    await start();
    // a raw socket: the test's own HTTP server would send its standard reason phrase
    const raw = createServer((socket) => socket.once("data", () => socket.end(`HTTP/1.1 500 ${"x".repeat(5000)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)));
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    after.push(() => raw.close());
    await h.createWebhook({ url: `http://127.0.0.1:${(raw.address() as AddressInfo).port}/hook` });
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const entry = await h.waitForEntry(uuid, (e) => e.status === "retrying");
    expect(entry.error).toBe(`answered 500 ${"x".repeat(100)}…`);
  });

  test("410 Gone fails the delivery and disables the webhook, and the log says why", async () => {
    await start(() => new Response(null, { status: 410 }));
    const webhook = await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const failed = await h.waitForEntry(uuid, (e) => e.status === "failed");
    expect(failed.error).toBe("answered 410 Gone; webhook disabled: the endpoint answered 410 Gone");
    const stored = await jsonOf<ApiWebhook>(h.t.api(`/api/webhooks/${webhook.id}`));
    expect(stored).toMatchObject({ enabled: false, disabled_reason: "the endpoint answered 410 Gone" });
    await h.postEvents({ type: "system.started" });
    await h.passes();
    expect(h.receiver.requests).toHaveLength(1);
  });

  test("after 410 Gone nothing more is sent but the requests already under way; the rest wait unclaimed", async () => {
    await start((_, i) => new Response(null, { status: i < 20 ? 200 : 410 }));
    const webhook = await h.createWebhook();
    await h.postEvents(Array.from({ length: 200 }, () => ({ type: "ticket.logged_in" })));
    await eventually(async () => (await jsonOf<ApiWebhook>(h.t.api(`/api/webhooks/${webhook.id}`))).enabled === false);
    await h.passes();
    // the first 410 and at most the other 7 of the webhook's 8 slots
    expect(h.receiver.requests.length - 20).toBeLessThanOrEqual(8);
    const rs = await h.t.database.client.execute("SELECT count(*) AS n, count(claimed_by) AS claimed FROM deliveries WHERE status = 'pending'");
    expect(Number(rs.rows[0]!.n)).toBe(200 - h.receiver.requests.length);
    expect(Number(rs.rows[0]!.claimed)).toBe(0);
  });

  test("a webhook whose deliveries all fail for auto_disable_hours is disabled", async () => {
    await start(() => new Response(null, { status: 500 }));
    await h.patchSettings({ auto_disable_hours: 1, max_attempts: 20 });
    const webhook = await h.createWebhook();
    const uuid = (await h.postEvents({ type: "system.started" })).accepted[0]!;
    const firstFailure = h.clock.now;
    for (let attempt = 1; ; attempt++) {
      const entry = await h.waitForEntry(uuid, (e) => e.attempts === attempt);
      if (entry.error!.includes("webhook disabled")) {
        expect(entry.error).toContain("webhook disabled: every delivery failed for longer than the auto-disable period");
        // disabled at the first attempt an hour or more after the first failure: 5 s + 30 s + … + 1 h
        expect(attempt).toBe(7);
        expect(h.clock.now - firstFailure).toBeGreaterThanOrEqual(3_600_000);
        // kept queued: it resumes if an admin enables the webhook again
        expect(entry.status).toBe("retrying");
        break;
      }
      expect(attempt).toBeLessThan(7);
      h.advance(Date.parse(entry.next_attempt_at!) - h.clock.now);
    }
    const stored = await jsonOf<ApiWebhook>(h.t.api(`/api/webhooks/${webhook.id}`));
    expect(stored.enabled).toBe(false);
    expect(stored.disabled_reason).toContain("auto-disable");
  });

  test("a hanging endpoint does not delay another one", async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    await start(async (req) => {
      if (req.path === "/slow") await hold;
      return new Response("ok");
    });
    await h.patchSettings({ request_timeout_seconds: 25 });
    await h.createWebhook({ name: "slow" }, "/slow");
    await h.createWebhook({ name: "fast" }, "/fast");
    await h.postEvents(Array.from({ length: 40 }, () => ({ type: "system.started" })));
    await h.receiver.waitFor((r) => r.filter((x) => x.path === "/fast").length === 40);
    const slow = h.receiver.requests.filter((x) => x.path === "/slow").length;
    expect(slow).toBeGreaterThan(0);
    expect(slow).toBeLessThanOrEqual(8);
    release();
    await h.receiver.waitFor((r) => r.filter((x) => x.path === "/slow").length === 40);
    await eventually(async () => (await h.log("?status=succeeded&limit=500")).items.length === 80);
  });
});
