import { afterEach, describe, expect, test } from "bun:test";
import { createLogger } from "../src/logger.ts";
import { startService, type Service } from "../src/service.ts";
import { directRuntime } from "./helpers/direct-runtime.ts";
import { makeTempDir } from "./helpers/temp-dir.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("starting", () => {
  test("listening comes first: until the database is ready, requests are told to come back", async () => {
    const dir = await makeTempDir();
    cleanups.push(dir.remove);
    const { runtime, request } = directRuntime();
    const config = { host: "127.0.0.1", port: 0, dbUrl: `file:${dir.path}/webhooks.db`, dataDir: dir.path, adminToken: "starting-test-admin-token-0123" };
    const started = startService(config, runtime, createLogger({ write: () => {} }));
    const early = await request("/api/health");
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(await early.json()).toEqual({ error: { code: "unavailable", message: "The service is starting; try again shortly", issues: [] } });
    const service: Service = await started;
    cleanups.push(() => service.stop());
    expect((await request("/api/health")).status).toBe(200);
  });
});
