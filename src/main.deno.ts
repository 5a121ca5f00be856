/**
 * The Deno entry point, and the only module that uses Deno's own APIs: it adapts
 * `Deno.serve` and Deno's process to the portable Runtime interface, then runs the CLI.
 * Everything else is the same source the Bun build runs.
 */
import { runCli } from "./cli.ts";
import { createLogger } from "./logger.ts";
import { RestartableServer } from "./restartable-server.ts";
import type { ClientTls } from "./delivery/client-tls.ts";
import type { Runtime } from "./runtime.ts";

interface DenoHttpClient {
  close(): void;
}

declare const Deno: {
  args: string[];
  createHttpClient(options: { caCerts?: string[]; cert?: string; key?: string }): DenoHttpClient;
  umask(mask: number): number;
  env: { toObject(): Record<string, string> };
  exit(code: number): never;
  addSignalListener(signal: "SIGTERM" | "SIGINT" | "SIGHUP", handler: () => void): void;
  serve(
    options: { hostname: string; port: number; cert?: string; key?: string; onListen?: (addr: { port: number }) => void },
    handler: (request: Request, info: { remoteAddr: { hostname?: string } }) => Response | Promise<Response>,
  ): { addr: { port: number }; shutdown(): Promise<void>; finished: Promise<void> };
  stdout: { writeSync(bytes: Uint8Array): number };
  stderr: { writeSync(bytes: Uint8Array): number };
};

// whatever the process creates (database, -wal, -shm, key files, data folder) is for its own user only, as in main.ts
Deno.umask(0o077);

const encoder = new TextEncoder();

/** Clients for webhooks' own TLS settings, one per distinct setting; a few at most on a box. */
const tlsClients = new Map<string, DenoHttpClient>();
const MAX_TLS_CLIENTS = 32;

/** Deno takes a webhook's trust and client certificate as an HTTP client; its `caCerts` add to the default roots. */
function tlsClient(tls: ClientTls): DenoHttpClient {
  const key = JSON.stringify([tls.ca, tls.cert, tls.key]);
  let client = tlsClients.get(key);
  if (!client) {
    // the oldest setting goes: the webhooks it served have changed since
    if (tlsClients.size >= MAX_TLS_CLIENTS) {
      const [oldest, old] = tlsClients.entries().next().value!;
      tlsClients.delete(oldest);
      old.close();
    }
    client = Deno.createHttpClient({ ...(tls.ca && { caCerts: [tls.ca] }), ...(tls.cert && { cert: tls.cert, key: tls.key }) });
    tlsClients.set(key, client);
  }
  return client;
}

const denoRuntime: Runtime = {
  serve({ hostname, port, tls, fetch }) {
    const start = (bindPort: number, pem: typeof tls) =>
      Deno.serve({ hostname, port: bindPort, ...pem, onListen: () => {} }, (request, info) => fetch(request, { address: info.remoteAddr.hostname ?? "" }));
    const first = start(port, tls);
    const bound = first.addr.port;
    const listener = new RestartableServer(first, tls, (pem) => start(bound, pem));
    return {
      port: bound,
      // shutdown() waits for in-flight requests, however long a client stalls, and once it
      // runs the server cannot be closed harder: the forced stop stops waiting, and the
      // process's exit, which follows, closes every connection
      stop: (force) => (force ? Promise.resolve() : listener.server.shutdown()),
      async replaceTls(pem) {
        // Deno frees the port only once the old server has finished its requests
        await listener.server.shutdown();
        listener.restart(pem);
      },
    };
  },
  // Deno's fetch cannot be told not to decode, but decodes only as the body is read
  http: { fetch: (input, init, tls) => fetch(input, tls ? ({ ...init, client: tlsClient(tls) } as RequestInit) : init), bodies: "decoded" },
  onShutdownSignal(handler) {
    Deno.addSignalListener("SIGTERM", () => handler("SIGTERM"));
    Deno.addSignalListener("SIGINT", () => handler("SIGINT"));
  },
  onReloadSignal(handler) {
    Deno.addSignalListener("SIGHUP", handler);
  },
};

await runCli(Deno.args, Deno.env.toObject(), denoRuntime, createLogger(), {
  stdout: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  stderr: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  exit: (code) => Deno.exit(code),
});
