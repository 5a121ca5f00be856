import { errorBody, type ErrorCode } from "../../src/api/errors.ts";
import { composeService, type ComposeOptions } from "../../src/compose.ts";
import type { HttpClient } from "../../src/delivery/response-body.ts";
import { openDatabase } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { migrations } from "../../src/generated/migrations.ts";
import { publicAssets } from "../../src/generated/public-assets.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { loadSecretBox } from "../../src/security/secret-box.ts";
import { makeTempDir } from "./temp-dir.ts";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** Outgoing HTTP as the Bun entry sets it up: compressed answers handed over undecoded. */
export const testHttpClient: HttpClient = { fetch: (input, init) => fetch(input, { ...init, decompress: false }), bodies: "encoded" };

export interface TestAppOptions {
  now?: () => Date;
  /** Default: `now` itself when given, a clock that is never set; else the real monotonic clock. */
  monotonic?: () => number;
  random?: () => number;
  instanceId?: string;
  dispatcherLimits?: ComposeOptions["dispatcherLimits"];
  metricsToken?: string;
  /** reuse (a restart); kept on close */
  dir?: string;
  /** A new folder on disk rather than in RAM (see temp-dir.ts). */
  onDisk?: boolean;
  /** How long a statement waits for a lock another process holds (the service's 5 s by default). */
  busyTimeoutMs?: number;
}

/**
 * The real service parts on a real, migrated libSQL file in a temp dir; the dispatcher
 * is not started (call `dispatcher.start()`). `logLines` collects what was logged.
 * Call `close()` in afterEach/afterAll.
 */
export async function createTestApp(options: TestAppOptions = {}) {
  const dir = options.dir ? { path: options.dir, remove: async () => {} } : await makeTempDir(undefined, { onDisk: options.onDisk });
  const database = await openDatabase(`file:${dir.path}/webhooks.db`, { busyTimeoutMs: options.busyTimeoutMs });
  await applyMigrations(database.client, migrations);
  const logLines: string[] = [];
  const logger: Logger = createLogger({ write: (line) => logLines.push(line) });
  const { box: secrets } = await loadSecretBox(dir.path);
  const service = composeService({
    database,
    secrets,
    adminToken: TEST_ADMIN_TOKEN,
    logger,
    assets: publicAssets,
    now: options.now,
    monotonic: options.monotonic ?? (options.now ? () => options.now!().getTime() : undefined),
    random: options.random,
    instanceId: options.instanceId,
    dispatcherLimits: options.dispatcherLimits,
    metricsToken: options.metricsToken,
    http: testHttpClient,
  });
  const { app } = service;

  /** A request with the admin token; `body` is sent as JSON. */
  function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...init.headers };
    let body: string | undefined;
    if (init.body !== undefined) {
      headers["Content-Type"] ??= "application/json";
      body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    }
    return app.request(path, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  }

  return {
    ...service,
    api,
    database,
    dir: dir.path,
    logLines,
    async close() {
      await service.recoveryRunner.stop();
      await service.dispatcher.stop(1000);
      database.close();
      await dir.remove();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A test app served on loopback, for tests that reach it over real HTTP (a browser, a generated client). */
export async function servedTestApp(options: TestAppOptions = {}) {
  const t = await createTestApp(options);
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: t.app.fetch });
  return {
    t,
    url: `http://127.0.0.1:${server.port}`,
    async close() {
      server.stop(true);
      await t.close();
    },
  };
}

export type ServedTestApp = Awaited<ReturnType<typeof servedTestApp>>;

/** The JSON body of a response, typed as the API's schema for it says. */
export async function jsonOf<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

/** The API's error shape. */
export type ErrorResponse = ReturnType<typeof errorBody>;

/** Asserts the API's error shape and returns the error for further checks. */
export async function expectErrorShape(res: Response, status: number, code: ErrorCode) {
  const { expect } = await import("bun:test");
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await jsonOf<ErrorResponse>(res);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(body.error.issues)).toBe(true);
  return body.error;
}
