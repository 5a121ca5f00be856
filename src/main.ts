/**
 * The Bun entry point, and the only module that uses Bun's own APIs: it adapts
 * `Bun.serve` and the process to the portable Runtime interface, then runs the CLI.
 */
import { rootCertificates } from "node:tls";
import type { ClientTls } from "./delivery/client-tls.ts";
import type { Runtime } from "./runtime.ts";
import { TUNING } from "./runtime-tuning.ts";

/**
 * The database holds guests' names, rooms and MAC addresses: whatever the process
 * creates (the database and SQLite's -wal and -shm beside it, the key files, a data
 * folder) is for its own user only. Set first, so it holds for everything, and kept
 * across the re-exec below.
 */
process.umask(0o077);

/**
 * Before loading anything else, the process runs itself once more, tuned for the box's
 * budget (see runtime-tuning.ts); if that cannot be done, it goes on as it is.
 */
if (process.env.BUN_JSC_forceRAMSize === undefined && typeof process.execve === "function") {
  // a compiled executable's argv[1] is its own embedded entry; `bun src/main.ts` needs its script and flags
  const compiled = Bun.main.startsWith("/$bunfs/");
  const args = compiled ? process.argv.slice(2) : [...process.execArgv, ...process.argv.slice(1)];
  try {
    process.execve(process.execPath, [process.execPath, ...args], { ...process.env, ...TUNING });
  } catch {
    // not replaced: run with the default tuning
  }
}

// garbage of the last burst goes back to the box once the process is quiet (see idle-collector.ts)
const { idleCollector } = await import("./idle-collector.ts");
const { heapSize } = await import("bun:jsc");
const IDLE_CHECK_MS = 1000;
const collectWhenIdle = idleCollector(
  {
    cpuMicros: () => {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    heapBytes: heapSize,
    collect: () => Bun.gc(true),
  },
  IDLE_CHECK_MS,
);
setInterval(collectWhenIdle, IDLE_CHECK_MS).unref();

const { runCli } = await import("./cli.ts");
const { RestartableServer } = await import("./restartable-server.ts");
const { createLogger } = await import("./logger.ts");

/**
 * Bun takes a webhook's trust and client certificate as `tls`. A `ca` given there replaces
 * the default roots, so they are given along: the webhook's CA is trusted in addition.
 */
function bunTls(tls: ClientTls) {
  return { ...(tls.ca && { ca: [...rootCertificates, tls.ca] }), ...(tls.cert && { cert: tls.cert, key: tls.key }) };
}

const bunRuntime: Runtime = {
  serve({ hostname, port, tls, fetch }) {
    const start = (bindPort: number, pem: typeof tls) =>
      Bun.serve({ hostname, port: bindPort, tls: pem, idleTimeout: 30, fetch: (request, server) => fetch(request, { address: server.requestIP(request)?.address ?? "" }) });
    const first = start(port, tls);
    const bound = first.port ?? port;
    const listener = new RestartableServer(first, tls, (pem) => start(bound, pem));
    // servers replaced by a new certificate, finishing the requests they had
    const draining = new Set<Promise<void>>();
    return {
      port: bound,
      stop: async (force) => {
        await Promise.all([listener.server.stop(force), ...(force ? [] : draining)]);
      },
      async replaceTls(pem) {
        // stop() closes the listening socket at once, so the port is free for the new server
        const drained = listener.server.stop(false).finally(() => draining.delete(drained));
        draining.add(drained);
        listener.restart(pem);
      },
    };
  },
  // Bun's fetch unpacks a compressed answer whole, even when only its start is read
  http: { fetch: (input, init, tls) => fetch(input, { ...init, decompress: false, ...(tls && { tls: bunTls(tls) }) }), bodies: "encoded" },
  onShutdownSignal(handler) {
    process.on("SIGTERM", () => handler("SIGTERM"));
    process.on("SIGINT", () => handler("SIGINT"));
  },
  onReloadSignal(handler) {
    process.on("SIGHUP", handler);
  },
};

await runCli(process.argv.slice(2), process.env, bunRuntime, createLogger(), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
});
// Start-up leaves garbage (schemas built, migrations read): collect it once, so the idle
// service holds only what it uses.
Bun.gc(true);
