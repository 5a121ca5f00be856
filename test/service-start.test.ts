import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "./helpers/cleanups.ts";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createLogger } from "../src/logger.ts";
import { startService, type Service } from "../src/service.ts";
import { directRuntime } from "./helpers/direct-runtime.ts";

const cleanups = cleanupAfterEach();

describe("starting", () => {
  test("listening comes first: until the database is ready, requests are told to come back", async () => {
    const dir = await cleanups.tempDir();
    const { runtime, request } = directRuntime();
    const config = { host: "127.0.0.1", port: 0, dbUrl: `file:${dir}/webhooks.db`, dataDir: dir, basePath: "", adminToken: "starting-test-admin-token-0123" };
    const started = startService(config, runtime, createLogger({ write: () => {} }));
    const early = await request("/api/health");
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(early.headers.get("x-content-type-options")).toBe("nosniff");
    expect(early.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await early.json()).toEqual({ error: { code: "unavailable", message: "The service is starting; try again shortly", issues: [] } });
    const service: Service = await started;
    cleanups.add(() => service.stop());
    expect((await request("/api/health")).status).toBe(200);
  });

  test("without an instance id, each box generates its own once and keeps it beside its data, 0600", async () => {
    const dir = await cleanups.tempDir();
    // two boxes on one database, each with its own data folder, as with a libSQL server
    async function startBox(box: string, instanceId?: string) {
      const lines: string[] = [];
      const config = { host: "127.0.0.1", port: 0, dbUrl: `file:${dir}/webhooks.db`, dataDir: join(dir, box), basePath: "", adminToken: "starting-test-admin-token-0123", instanceId };
      const service = await startService(config, directRuntime().runtime, createLogger({ write: (line) => lines.push(line) }));
      await service.stop();
      return JSON.parse(lines.find((l) => l.includes('"msg":"listening"'))!).instance as string;
    }
    const first = await startBox("a");
    expect(first).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const file = join(dir, "a", "instance-id");
    expect((await readFile(file, "utf8")).trim()).toBe(first);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // restarted, it is the same instance and resumes its own claims
    expect(await startBox("a")).toBe(first);
    // the other box, whatever its host name, is another instance
    expect(await startBox("b")).not.toBe(first);
    // a configured one wins, and no file is made for it
    expect(await startBox("c", "box-7")).toBe("box-7");
    expect(await stat(join(dir, "c", "instance-id")).catch(() => null)).toBeNull();
    // a damaged file stops the start with a way out, rather than claiming under a garbled id
    await mkdir(join(dir, "d"));
    await writeFile(join(dir, "d", "instance-id"), "box 7 / copied\n");
    await expect(startBox("d")).rejects.toThrow(`instance id file ${join(dir, "d", "instance-id")} does not hold 1 to 64 letters`);
  });
});
