import { beforeAll, describe, expect, test } from "bun:test";
import { cleanupAfterAll } from "../helpers/cleanups.ts";
import { createGzip } from "node:zlib";
import { startServiceProcess, type RunningService } from "../helpers/service-process.ts";
import { eventually, startReceiver, type Receiver } from "../helpers/receiver.ts";
import type { LogEntry, LogItem } from "../../src/api/log.routes.ts";
import type { ApiWebhook } from "../../src/api/webhooks.schemas.ts";

type LogPage = { items: LogItem[] };

const TOKEN = "receiver-faults-admin-token-0123";
const FIFTY_MB = 50 * 1024 * 1024;
let service: RunningService;
let healthy: Receiver;
let huge: Receiver;
const cleanups = cleanupAfterAll();

/** A TCP server that answers every request with `reply`, then closes the connection. */
function rawServer(reply: string) {
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        socket.write(reply);
        socket.end();
      },
    },
  });
  cleanups.add(() => server.stop(true));
  return `http://127.0.0.1:${server.port}`;
}

/** Bytes of 50 MB answers handed to the network so far: what the service made the receiver send. */
let served = 0;

/** A 50 MB body, made as it is read, so the receiver holds none of it. */
function fiftyMegabytes(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= FIFTY_MB) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
      served += chunk.length;
    },
  });
}

async function call<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${service.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** 1 GiB of "a" gzipped: about 1 MB on the wire. Made as a stream, so the test never holds the gigabyte. */
async function gzipBomb(): Promise<Uint8Array<ArrayBuffer>> {
  const gzip = createGzip({ level: 9 });
  const parts: Uint8Array[] = [];
  gzip.on("data", (part: Uint8Array) => parts.push(part));
  const ended = new Promise((resolve) => gzip.once("end", resolve));
  const megabyte = new Uint8Array(1024 * 1024).fill(0x61);
  for (let i = 0; i < 1024; i++) if (!gzip.write(megabyte)) await new Promise((resolve) => gzip.once("drain", resolve));
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

function peakRss(pid: number): number {
  const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

beforeAll(async () => {
  const dir = await cleanups.tempDir();
  healthy = startReceiver();
  huge = startReceiver(() => new Response(fiftyMegabytes(), { headers: { "Content-Type": "text/plain" } }));
  service = await startServiceProcess({ args: ["--db", `file:${dir}/webhooks.db`], cwd: dir, env: { WEBHOOKS_ADMIN_TOKEN: TOKEN } });
  cleanups.add(() => healthy.stop(), () => huge.stop(), () => service.proc.kill("SIGKILL"));
  await call("/api/webhooks", { name: "healthy", url: `${healthy.url}/ok`, events: ["*"] });
});

async function webhookFor(name: string, url: string, logBodies = true) {
  const created = await call<ApiWebhook>("/api/webhooks", { name, url, events: [`custom.${name}`], log_body_and_headers: logBodies });
  return created.id;
}

async function entryOf(webhookId: number, check: (e: LogItem) => boolean) {
  return eventually(async () => (await call<LogPage>(`/api/log?webhook_id=${webhookId}`)).items.find(check), 15_000);
}

/** `count` events to a new webhook at `url`, once all succeeded: the log detail of one. */
async function deliverAll(name: string, url: string, logBodies: boolean, count: number) {
  const id = await webhookFor(name, url, logBodies);
  await call("/api/events", Array.from({ length: count }, () => ({ type: `custom.${name}` })));
  const entry = await eventually(async () => {
    const { items } = await call<LogPage>(`/api/log?webhook_id=${id}&status=succeeded`);
    return items.length === count ? items[0] : undefined;
  }, 30_000);
  return call<LogEntry>(`/api/log/${entry.id}`);
}

describe("receivers that misbehave", () => {
  test("closing the connection mid-headers is a retryable failure the log explains; others are unaffected", async () => {
    const cutting = rawServer("HTTP/1.1 20");
    const id = await webhookFor("cut_headers", `${cutting}/hook`);
    await call("/api/events", [{ type: "custom.cut_headers" }, { type: "custom.cut_headers" }]);
    const entry = await entryOf(id, (e) => e.status === "retrying");
    expect(entry.error).toBe(`connection closed by the server before a full answer (ECONNRESET ${new URL(cutting).host})`);
    expect(entry.response_status).toBeNull();
    await healthy.waitFor((r) => r.filter((x) => JSON.parse(x.body).type === "custom.cut_headers").length === 2);
  });

  test("closing mid-body after a 200: delivered, and the logged body says it was cut short", async () => {
    const id = await webhookFor("cut_body", `${rawServer("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly part")}/hook`);
    await call("/api/events", { type: "custom.cut_body" });
    const entry = await entryOf(id, (e) => e.status === "succeeded");
    const detail = await call<LogEntry>(`/api/log/${entry.id}`);
    expect(detail.attempt_log[0]!.response_body).toContain("[response body cut short:");
  });

  test("a 50 MB answer: the service reads 64 KiB of it (none when not logging) and its memory stays bounded", async () => {
    const before = peakRss(service.proc.pid);
    for (const logBodies of [true, false]) {
      served = 0;
      const name = logBodies ? "huge_logged" : "huge_unlogged";
      const detail = await deliverAll(name, `${huge.url}/hook`, logBodies, 3);
      if (logBodies) expect(detail.attempt_log[0]!.response_body).toHaveLength(64 * 1024);
      // cancelled after what it keeps: what crossed the network is buffers' worth, not 3 × 50 MB
      expect(served).toBeLessThan(3 * 8 * 1024 * 1024);
    }
    const growth = peakRss(service.proc.pid) - before;
    expect(growth).toBeLessThan(40 * 1024 * 1024);
    expect((await call<{ status: string }>("/api/health")).status).toBe("ok");
  });

  test("a gzip bomb (1 MB unpacking to 1 GiB) is decoded only as far as the log keeps: memory stays under the unit's 150 MB", async () => {
    const bomb = await gzipBomb();
    const bomber = startReceiver(() => new Response(bomb, { headers: { "Content-Type": "text/plain", "Content-Encoding": "gzip" } }));
    cleanups.add(() => bomber.stop());
    for (const logBodies of [true, false]) {
      const name = logBodies ? "bomb_logged" : "bomb_unlogged";
      // eight at once, as they took the process past 400 MB when the runtime unpacked them
      const detail = await deliverAll(name, `${bomber.url}/hook`, logBodies, 8);
      expect(detail.attempt_log[0]!.response_body ?? null).toBe(logBodies ? "a".repeat(64 * 1024) : null);
    }
    expect(peakRss(service.proc.pid)).toBeLessThan(150 * 1024 * 1024);
    expect(service.proc.exitCode).toBeNull();
    expect((await call<{ status: string }>("/api/health")).status).toBe("ok");
  });
});
