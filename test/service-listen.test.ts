import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import type { Config } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startService, StartupError } from "../src/service.ts";
import { cleanupAfterEach } from "./helpers/cleanups.ts";
import { directRuntime } from "./helpers/direct-runtime.ts";
import { makeTestCertificate } from "./helpers/test-certificate.ts";

const TOKEN = "listen-test-admin-token-0123456789";
const cleanups = cleanupAfterEach();

/** The service on a temp database with `overrides`, served straight to `request`, its log lines parsed. */
async function start(overrides: Partial<Config> = {}) {
  const dir = await cleanups.tempDir();
  const direct = directRuntime();
  const lines: { level: string; msg: string; [field: string]: unknown }[] = [];
  const config: Config = { host: "127.0.0.1", port: 0, dbUrl: `file:${dir}/webhooks.db`, dataDir: dir, basePath: "", adminToken: TOKEN, ...overrides };
  const service = await startService(config, direct.runtime, createLogger({ write: (line) => lines.push(JSON.parse(line)) }));
  cleanups.add(() => service.stop());
  return { service, lines, ...direct };
}

const auth = { Authorization: `Bearer ${TOKEN}` };

describe("under a base path", () => {
  test("everything is served under the prefix, requests with bodies too; the prefix alone redirects to its folder; nothing outside", async () => {
    const { service, request } = await start({ basePath: "/webhooks" });
    expect(service.url).toBe("http://127.0.0.1:1/webhooks");
    expect((await request("/webhooks/api/health")).status).toBe(200);
    const page = await request("/webhooks/");
    expect(await page.text()).toContain(`src="app.js"`);
    expect((await request("/webhooks/app.js")).headers.get("content-type")).toContain("javascript");

    const created = await request("/webhooks/api/webhooks", {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "crm", url: "http://127.0.0.1:9/hook", events: ["ticket.*"] }),
    });
    expect(created.status).toBe(201);
    expect(((await (await request("/webhooks/api/webhooks", { headers: auth })).json()) as { items: { name: string }[] }).items.map((w) => w.name)).toEqual(["crm"]);

    const bare = await request("/webhooks?x=1");
    expect({ status: bare.status, location: bare.headers.get("location") }).toEqual({ status: 308, location: "/webhooks/?x=1" });
    expect(bare.headers.get("x-frame-options")).toBe("DENY");
    for (const outside of ["/api/health", "/", "/webhooksx/api/health", "/app.js"]) {
      const res = await request(outside);
      expect({ outside, status: res.status }).toEqual({ outside, status: 404 });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Everything here is served under /webhooks/");
    }
  });
});

describe("who can listen in", () => {
  test("a network address without TLS is warned about once at start; loopback, or TLS, is not", async () => {
    const warnings = async (overrides: Partial<Config>) =>
      (await start(overrides)).lines.filter((l) => l.level === "warn" && l.msg.startsWith("listening on a network address without TLS"));
    expect(await warnings({ host: "0.0.0.0" })).toHaveLength(1);
    expect(await warnings({ host: "192.168.1.20" })).toHaveLength(1);
    expect(await warnings({ host: "::" })).toHaveLength(1);
    expect(await warnings({ host: "127.0.0.1" })).toEqual([]);
    expect(await warnings({ host: "::1" })).toEqual([]);
    expect(await warnings({ host: "localhost" })).toEqual([]);
    const dir = await cleanups.tempDir();
    const pair = makeTestCertificate({ commonName: "box.lan" });
    await writeFile(`${dir}/box.crt`, pair.cert);
    await writeFile(`${dir}/box.key`, pair.key);
    expect(await warnings({ host: "0.0.0.0", tls: { certPath: `${dir}/box.crt`, keyPath: `${dir}/box.key` } })).toEqual([]);
  });
});

describe("TLS of its own", () => {
  test("the pair is checked before listening: one that cannot be used stops the start, naming the file", async () => {
    const dir = await cleanups.tempDir();
    await writeFile(`${dir}/box.crt`, makeTestCertificate({ commonName: "one" }).cert);
    await writeFile(`${dir}/box.key`, makeTestCertificate({ commonName: "two" }).key);
    const started = start({ tls: { certPath: `${dir}/box.crt`, keyPath: `${dir}/box.key` } });
    await expect(started).rejects.toBeInstanceOf(StartupError);
    await expect(started).rejects.toThrow(`${dir}/box.key is not the private key of the certificate in ${dir}/box.crt`);
  });

  test("a reload rereads the files and hands the new pair to the server; an expired one is taken with a warning; without TLS there is nothing to do", async () => {
    const dir = await cleanups.tempDir();
    const tls = { certPath: `${dir}/box.crt`, keyPath: `${dir}/box.key` };
    const write = async (pair: { cert: string; key: string }) => {
      await writeFile(tls.certPath, pair.cert);
      await writeFile(tls.keyPath, pair.key);
      return pair;
    };
    const first = await write(makeTestCertificate({ commonName: "first" }));
    const { service, certificates, lines } = await start({ tls });
    expect(service.url).toStartWith("https://");
    const expired = await write(makeTestCertificate({ commonName: "expired", notBefore: new Date("2020-01-01"), notAfter: new Date("2021-01-01") }));
    await service.reloadTls();
    expect(certificates).toEqual([first, expired]);
    expect(lines.at(-1)).toMatchObject({ level: "warn", msg: "TLS certificate reloaded, but it is not valid now: browsers will refuse it", subject: "CN=expired" });

    const plain = await start();
    await plain.service.reloadTls();
    expect(plain.certificates).toEqual([undefined]);
    expect(plain.lines.at(-1)).toMatchObject({ level: "info", msg: "reload asked for: no TLS files to reread" });
  });
});
