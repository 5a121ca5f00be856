import { mkdir } from "node:fs/promises";
import { composeService } from "./compose.ts";
import { localPath, redactedDbUrl, type Config } from "./config.ts";
import { scheduleLogCleanup } from "./log/log-cleanup.ts";
import { normaliseEvent } from "./events/schema.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { probeFile, watchFileIdentity, type FileChange, type FileProbe } from "./db/file-identity.ts";
import { storageFailure } from "./db/storage-errors.ts";
import { errorMessage } from "./error-message.ts";
import { errorBody } from "./api/errors.ts";
import { applyMigrations } from "./db/migrate.ts";
import { migrations } from "./generated/migrations.ts";
import { publicAssets } from "./generated/public-assets.ts";
import type { Logger } from "./logger.ts";
import type { HttpServer, Peer, Runtime } from "./runtime.ts";
import { servedUnder } from "./api/base-path.ts";
import { securedOutsideTheApp } from "./api/security-headers.ts";
import { isLoopback } from "./security/listen-address.ts";
import { loadTlsFiles, type TlsPem } from "./security/tls-files.ts";
import { loadAdminToken } from "./security/admin-token.ts";
import { loadInstanceId } from "./security/instance-id.ts";
import { loadSecretBox } from "./security/secret-box.ts";
import { VERSION } from "./version.ts";
import { checkStoredSecrets, logSecretKeyCheck } from "./webhooks/unreadable-secrets.ts";
import { wakeableSleep } from "./wakeable-sleep.ts";

export interface Service {
  url: string;
  /** Graceful stop: no new requests, in-flight ones finish (at most 10 s), database closed. */
  stop(): Promise<void>;
  /** Rereads the TLS files (SIGHUP); a pair that cannot be used is logged and the old one kept. */
  reloadTls(): Promise<void>;
  /**
   * Resolves once the service has stopped itself because its database file was deleted
   * or replaced: the caller exits non-zero, so that a restart opens a fresh database.
   */
  failed: Promise<FileChange>;
}

/** How the database file is watched; tests pass a probe and a short interval. */
export interface FileWatchOptions {
  probe?: FileProbe;
  everyMs?: number;
  /** How long the stop on a lost file waits for requests under way (2 s by default). */
  graceMs?: number;
}

/** A startup failure worth one line to the operator (unreachable database, port in use). */
export class StartupError extends Error {
  override name = "StartupError";
}

const SHUTDOWN_GRACE_MS = 10_000;
/** Stopping on a deleted database file: only requests waiting on it are left, and none can succeed. */
const FAILED_GRACE_MS = 2_000;
const CLEANUP_EVERY_MS = 10 * 60_000;
const FILE_CHECK_EVERY_MS = 2_000;

/** The database opened and migrated, the keys loaded, the parts wired. */
async function prepare(config: Config, runtime: Runtime, logger: Logger) {
  const database = await connect(config, logger);
  let admin, instanceId;
  try {
    admin = await loadAdminToken(config.dataDir, config.adminToken);
    instanceId = await loadInstanceId(config.dataDir, config.instanceId);
  } catch (err) {
    database.close();
    throw new StartupError(`cannot set up the keys in ${config.dataDir}: ${errorMessage(err)}`);
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
    https: config.tls !== undefined,
  });
  try {
    logSecretKeyCheck(logger, key, await checkStoredSecrets({ client: database.client, webhooks: parts.webhooks, key, now: Date.now() }));
  } catch (err) {
    database.close();
    throw new StartupError(`cannot write to database ${redactedDbUrl(config.dbUrl)}: ${storageFailure(err) ?? errorMessage(err)}`);
  }
  return { database, instanceId, ...parts };
}

async function connect(config: Config, logger: Logger): Promise<Database> {
  let database: Database;
  try {
    // a folder made here is the service's own (an existing one keeps the modes its admin chose)
    if (config.dbUrl.startsWith("file:")) await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    database = await openDatabase(config.dbUrl, { authToken: config.dbAuthToken });
  } catch (err) {
    throw new StartupError(`cannot open database ${redactedDbUrl(config.dbUrl)}: ${errorMessage(err)}`);
  }
  try {
    const applied = await applyMigrations(database.client, migrations);
    if (applied.length > 0) logger.info("database migrated", { applied });
  } catch (err) {
    database.close();
    throw new StartupError(`cannot migrate database ${redactedDbUrl(config.dbUrl)}: ${errorMessage(err)}`);
  }
  return database;
}

/** What a request gets while the service is still starting (migrating a large log may take seconds). */
function starting(): Response {
  return Response.json(errorBody("unavailable", "The service is starting; try again shortly"), { status: 503, headers: { "Retry-After": "1" } });
}

/** What a request gets once the database file is gone: nothing can be stored until a restart opens a new one. */
function databaseGone(change: FileChange): Response {
  const message = `The database file was ${change}; nothing is stored until the service restarts`;
  return Response.json(errorBody("unavailable", message), { status: 503, headers: { "Retry-After": "5" } });
}

/** Opens and migrates the database, then serves the API and the admin page. */
export async function startService(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  fileWatch: FileWatchOptions = {},
): Promise<Service> {
  // awaited only when there are files to read: without, the server is up before this call returns
  const tls = config.tls ? await loadTls(config, logger) : undefined;
  // Listening comes first: a second start beside the running service (by hand, on its
  // port and database) fails here, before it upgrades the database under it, takes back
  // the claims under its instance id (the running one's) or queues a system.started for
  // a service that never came up. Until ready, requests are told to come back.
  const secured = securedOutsideTheApp({ https: tls !== undefined });
  let handle: (request: Request, peer: Peer) => Response | Promise<Response> = () => secured(starting());
  let server: HttpServer;
  try {
    const fetch = servedUnder(config.basePath, (request, peer) => handle(request, peer), secured);
    server = runtime.serve({ hostname: config.host, port: config.port, tls, fetch });
  } catch (err) {
    throw new StartupError(`cannot listen on ${config.host}:${config.port}${tls ? " with TLS" : ""}: ${errorMessage(err)}`);
  }
  const ready = await prepare(config, runtime, logger).catch(async (err) => {
    await server.stop(true);
    throw err;
  });
  const { database, instanceId, app, dispatcher, recoveryRunner, events, settings, metrics } = ready;
  let lost: FileChange | null = null;
  handle = async (request, peer) => {
    if (lost) return secured(databaseGone(lost));
    const response = await app.fetch(request, { peer });
    // a write that finished after the file went landed in the deleted file: it was not stored
    return lost ? secured(databaseGone(lost)) : response;
  };
  try {
    await dispatcher.start();
    recoveryRunner.start();
    await events.append([normaliseEvent({ type: "system.started" }, new Date())]);
    metrics.eventAccepted("system.started");
  } catch (err) {
    await server.stop(true);
    await recoveryRunner.stop();
    await dispatcher.stop(0);
    database.close();
    throw new StartupError(`cannot write to database ${redactedDbUrl(config.dbUrl)}: ${storageFailure(err) ?? errorMessage(err)}`);
  }
  dispatcher.wake();
  const stopCleanup = scheduleLogCleanup({
    client: database.client,
    retentionHours: async () => (await settings.get()).log_retention_hours,
    now: Date.now,
    logger,
    everyMs: CLEANUP_EVERY_MS,
  });

  let stopped: Promise<void> | null = null;
  async function shutDown(graceMs: number) {
    const grace = wakeableSleep(graceMs);
    const ended = await Promise.race([server.stop(false).then(() => "stopped" as const), grace.done]);
    grace.wake();
    if (ended === "elapsed") {
      logger.warn("requests still running after the shutdown grace period; closing them");
      await server.stop(true);
    }
    stopCleanup();
    stopWatching();
    await recoveryRunner.stop();
    await dispatcher.stop(graceMs);
    database.close();
  }

  // A deleted database file goes on taking writes through the open connection, and they
  // are lost: answer 503, send nothing more, and stop, so that a restart (systemd's
  // Restart=on-failure) opens a fresh database, with the keys beside it made again if
  // they went too. Only a local file can be watched.
  let reportFailed!: (change: FileChange) => void;
  const failed = new Promise<FileChange>((resolve) => (reportFailed = resolve));
  const path = config.dbUrl.startsWith("file:") ? localPath(config.dbUrl) : null;
  const stopWatching = !path
    ? () => {}
    : await watchFileIdentity({
        path,
        probe: fileWatch.probe ?? probeFile,
        everyMs: fileWatch.everyMs ?? FILE_CHECK_EVERY_MS,
        logger,
        onChange(change) {
          lost = change;
          logger.error(`database file ${change} while in use: stopping`, { path });
          // stops sending at once; the shutdown's own stop of the dispatcher then waits for the same sends
          const graceMs = fileWatch.graceMs ?? FAILED_GRACE_MS;
          void dispatcher.stop(graceMs);
          stopped ??= shutDown(graceMs);
          void stopped
            .catch((err) => logger.error("stopping after the database file went failed", { err }))
            .then(() => reportFailed(change));
        },
      });

  const url = `${tls ? "https" : "http"}://${config.host.includes(":") ? `[${config.host}]` : config.host}:${server.port}${config.basePath}`;
  if (!tls && !isLoopback(config.host)) {
    logger.warn(
      "listening on a network address without TLS: the admin token and the guests' data cross the network unencrypted; " +
        "set --tls-cert and --tls-key, or listen on 127.0.0.1 behind the box's HTTPS web server",
      { host: config.host },
    );
  }
  logger.info("listening", {
    url,
    version: VERSION,
    instance: instanceId,
    db: path ?? redactedDbUrl(config.dbUrl),
  });

  // one reload at a time: two quick SIGHUPs must not replace the server under each other
  let reloading = Promise.resolve();
  async function reloadTls() {
    if (!config.tls) return logger.info("reload asked for: no TLS files to reread");
    const loaded = await loadTlsFiles(config.tls, new Date());
    if (!loaded.ok) return logger.error(`TLS files not reloaded, serving on with the previous certificate: ${loaded.reason}`);
    try {
      await server.replaceTls(loaded.pem);
    } catch (err) {
      return logger.error(`TLS files not reloaded, serving on with the previous certificate: ${errorMessage(err)}`);
    }
    logCertificate(logger, "TLS certificate reloaded", loaded);
  }

  return {
    url,
    failed,
    stop: () => (stopped ??= shutDown(SHUTDOWN_GRACE_MS)),
    reloadTls: () => (reloading = reloading.then(reloadTls)),
  };
}

/** The certificate and key the service starts with; a pair that cannot be used stops the start. */
async function loadTls(config: Config, logger: Logger): Promise<TlsPem | undefined> {
  if (!config.tls) return undefined;
  const loaded = await loadTlsFiles(config.tls, new Date());
  if (!loaded.ok) throw new StartupError(loaded.reason);
  logCertificate(logger, "TLS certificate loaded", loaded);
  return loaded.pem;
}

function logCertificate(logger: Logger, message: string, loaded: { subject: string; validTo: Date; expired: boolean }) {
  const fields = { subject: loaded.subject, valid_to: loaded.validTo.toISOString() };
  if (loaded.expired) logger.warn(`${message}, but it is not valid now: browsers will refuse it`, fields);
  else logger.info(message, fields);
}
