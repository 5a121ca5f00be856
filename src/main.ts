/**
 * The Bun entry point, and the only module that uses Bun's own APIs: it adapts
 * `Bun.serve` and the process to the portable Runtime interface, then runs the CLI.
 */
import { runCli } from "./cli.ts";
import { createLogger } from "./logger.ts";
import type { Runtime } from "./runtime.ts";

const bunRuntime: Runtime = {
  serve({ hostname, port, fetch }) {
    const server = Bun.serve({ hostname, port, fetch, idleTimeout: 30 });
    return { port: server.port ?? port, stop: (force) => server.stop(force) };
  },
  onShutdownSignal(handler) {
    process.on("SIGTERM", () => handler("SIGTERM"));
    process.on("SIGINT", () => handler("SIGINT"));
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
