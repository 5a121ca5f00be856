import { ConfigError, HELP_TEXT, parseCommandLine, redactedDbUrl } from "./config.ts";
import { errorMessage } from "./error-message.ts";
import { emitEvent } from "./emit.ts";
import type { Logger } from "./logger.ts";
import type { Runtime } from "./runtime.ts";
import { startService, StartupError } from "./service.ts";
import { VERSION } from "./version.ts";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
}

/**
 * The command line: `--help`, `--version`, `emit` an event, or start the service until
 * a shutdown signal. Configuration and startup problems end the process with one line on stderr
 * and exit code 1 (2 for usage errors). A database file deleted under the running service
 * ends it with a log line and exit code 1.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  runtime: Runtime,
  logger: Logger,
  io: CliIo,
): Promise<void> {
  let command;
  try {
    command = parseCommandLine(argv, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr(`iacbox-webhooks: ${err.message}\n`);
    return io.exit(2);
  }
  if (command.kind === "help") return io.stdout(HELP_TEXT);
  if (command.kind === "version") return io.stdout(`${VERSION}\n`);
  if (command.kind === "emit") {
    try {
      const { uuid, result } = await emitEvent(command, command.event, new Date());
      io.stdout(`${uuid}${result === "duplicate" ? " (already queued)" : ""}\n`);
      return io.exit(0);
    } catch (err) {
      io.stderr(`iacbox-webhooks: cannot queue the event in ${redactedDbUrl(command.dbUrl)}: ${errorMessage(err)}\n`);
      return io.exit(1);
    }
  }

  const started = startService(command.config, runtime, logger);
  // Registered before startup completes: a signal that arrives while the database is
  // opening still ends in a clean stop rather than the default abrupt exit.
  let stopping = false;
  runtime.onShutdownSignal(async (signal) => {
    // a second Ctrl-C while stopping must not start a second shutdown
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const service = await started.catch(() => undefined);
    if (!service) return;
    await service.stop();
    logger.info("stopped");
    io.exit(0);
  });
  // SIGHUP would end the process by default: it rereads the TLS files, once started
  runtime.onReloadSignal(() => void started.then((service) => service.reloadTls(), () => {}));
  let service;
  try {
    service = await started;
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    io.stderr(`iacbox-webhooks: ${err.message}\n`);
    return io.exit(1);
  }
  void service.failed.then((change) => {
    // a stop asked for meanwhile ends as asked
    if (stopping) return;
    logger.error(`exiting with code 1: the database file was ${change}, a restart opens a fresh one`);
    io.exit(1);
  });
}
