import { mkdir } from "node:fs/promises";
import { composeService } from "./compose.ts";
import { localPath, redactedDbUrl, type Config } from "./config.ts";
import { scheduleLogCleanup } from "./delivery/log-cleanup.ts";
import { normaliseEvent } from "./events/schema.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { storageFailure } from "./db/storage-errors.ts";
import { errorBody } from "./api/errors.ts";
import { applyMigrations } from "./db/migrate.ts";
import { migrations } from "./generated/migrations.ts";
import { publicAssets } from "./generated/public-assets.ts";
import type { Logger } from "./logger.ts";
import type { Runtime } from "./runtime.ts";
import { loadAdminToken } from "./security/admin-token.ts";
import { loadInstanceId } from "./security/instance-id.ts";
import { loadSecretBox } from "./security/secret-box.ts";
import { VERSION } from "./version.ts";
import { checkStoredSecrets, logSecretKeyCheck } from "./webhooks/unreadable-secrets.ts";
import { wakeableSleep } from "./wakeable-sleep.ts";

export interface Service {
  url: string;
  /** Graceful stop: no new requests, in-flight ones finish (at most `graceMs`), database closed. */
  stop(): Promise<void>;
}

/** A startup failure worth one line to the operator (unreachable database, port in use). */
export class StartupError extends Error {
  override name = "StartupError";
}

const SHUTDOWN_GRACE_MS = 10_000;
const CLEANUP_EVERY_MS = 10 * 60_000;

/** The database opened and migrated, the keys loaded, the parts wired. */
async function prepare(config: Config, runtime: Runtime, logger: Logger) {
  const database = await connect(config, logger);
  let admin, instanceId;
  try {
    admin = await loadAdminToken(config.dataDir, config.adminToken);
    instanceId = await loadInstanceId(config.dataDir, config.instanceId);
  } catch (err) {
    database.close();
    throw new StartupError(`cannot set up the keys in ${config.dataDir}: ${(err as Error).message}`);
  }
  if (admin.path) {
    logger.info(admin.created ? "admin token generated" : "admin token loaded", { path: admin.path });
  }
  // a key that is missing, unusable or another one stops no start: the webhooks that need it wait
  const key = await loadSecretBox(config.dataDir);
  const parts = composeService({
    database,
    secrets: key.box,
    adminToken: admin.token,
    metricsToken: config.metricsToken,
    instanceId,
    logger,
    assets: publicAssets,
    http: runtime.http,
  });
  try {
    logSecretKeyCheck(logger, key, await checkStoredSecrets({ client: database.client, webhooks: parts.webhooks, key, now: Date.now() }));
  } catch (err) {
    database.close();
    throw new StartupError(`cannot write to database ${redactedDbUrl(config.dbUrl)}: ${storageFailure(err) ?? (err as Error).message}`);
  }
  return { database, instanceId, ...parts };
}

async function connect(config: Config, logger: Logger): Promise<Database> {
  let database: Database;
  try {
    // a folder made here is the service's own (an existing one keeps the modes its admin chose)
    if (config.dbUrl.startsWith("file:")) await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    database = await openDatabase(config.dbUrl, config.dbAuthToken);
  } catch (err) {
    throw new StartupError(`cannot open database ${redactedDbUrl(config.dbUrl)}: ${(err as Error).message}`);
  }
  try {
    const applied = await applyMigrations(database.client, migrations);
    if (applied.length > 0) logger.info("database migrated", { applied });
  } catch (err) {
    database.close();
    throw new StartupError(`cannot migrate database ${redactedDbUrl(config.dbUrl)}: ${(err as Error).message}`);
  }
  return database;
}

/** What a request gets while the service is still starting (migrating a large log may take seconds). */
function starting(): Response {
  return Response.json(errorBody("unavailable", "The service is starting; try again shortly"), { status: 503, headers: { "Retry-After": "1" } });
}

/** Opens and migrates the database, then serves the API and the admin page. */
export async function startService(config: Config, runtime: Runtime, logger: Logger): Promise<Service> {
  // Listening comes first: a second start beside the running service (by hand, on its
  // port and database) fails here, before it upgrades the database under it, takes back
  // the claims under its instance id (the running one's) or queues a system.started for
  // a service that never came up. Until ready, requests are told to come back.
  let handle: (request: Request) => Response | Promise<Response> = starting;
  let server;
  try {
    server = runtime.serve({ hostname: config.host, port: config.port, fetch: (request) => handle(request) });
  } catch (err) {
    throw new StartupError(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  const ready = await prepare(config, runtime, logger).catch(async (err) => {
    await server.stop(true);
    throw err;
  });
  const { database, instanceId, app, dispatcher, events, settings, metrics } = ready;
  handle = app.fetch;
  try {
    await dispatcher.start();
    await events.append([normaliseEvent({ type: "system.started" }, new Date())]);
    metrics.eventAccepted("system.started");
  } catch (err) {
    await server.stop(true);
    await dispatcher.stop(0);
    database.close();
    throw new StartupError(`cannot write to database ${redactedDbUrl(config.dbUrl)}: ${storageFailure(err) ?? (err as Error).message}`);
  }
  dispatcher.wake();
  const stopCleanup = scheduleLogCleanup({
    client: database.client,
    retentionHours: async () => (await settings.get()).log_retention_hours,
    now: Date.now,
    logger,
    everyMs: CLEANUP_EVERY_MS,
  });
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${server.port}`;
  logger.info("listening", {
    url,
    version: VERSION,
    instance: instanceId,
    db: config.dbUrl.startsWith("file:") ? localPath(config.dbUrl) : redactedDbUrl(config.dbUrl),
  });

  return {
    url,
    async stop() {
      const grace = wakeableSleep(SHUTDOWN_GRACE_MS);
      const ended = await Promise.race([server.stop(false).then(() => "stopped" as const), grace.done]);
      grace.wake();
      if (ended === "elapsed") {
        logger.warn("requests still running after the shutdown grace period; closing them");
        await server.stop(true);
      }
      stopCleanup();
      await dispatcher.stop(SHUTDOWN_GRACE_MS);
      database.close();
    },
  };
}
