import type { Subprocess } from "bun";
import { collectLines } from "../../scripts/log-lines.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** `bun src/main.ts` from the repository, for tests that start the service as a process. */
export const SOURCE_COMMAND = [process.execPath, `${ROOT}src/main.ts`];
/** `deno run src/main.deno.ts`, the same source under Deno (the one in node_modules). */
export const DENO_COMMAND = [`${ROOT}node_modules/.bin/deno`, "run", "--allow-all", `${ROOT}src/main.deno.ts`];

export interface RunningService {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  /** Every stdout line so far (JSON log lines). */
  lines: string[];
  stderr(): Promise<string>;
}

/**
 * Starts the service (`command` plus `args`, port 0) and waits, with a deadline, for its
 * "listening" log line. Fails with what it printed if it exits first.
 */
export async function startServiceProcess(options: {
  command?: string[];
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<RunningService> {
  const proc = Bun.spawn([...(options.command ?? SOURCE_COMMAND), "--port", "0", ...options.args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const { lines, waitForLine } = collectLines(proc.stdout);
  const stderrText = new Response(proc.stderr).text();
  const listening = waitForLine((l) => l.includes('"msg":"listening"'), options.timeoutMs ?? 15_000);
  const first = await Promise.race([listening, proc.exited]);
  if (typeof first !== "string") {
    const why = first === null ? "did not listen in time" : `exited with ${first} before listening`;
    throw new Error(`service ${why}: ${await stderrText}\n${lines.join("\n")}`);
  }
  const line = first;
  return { proc, url: JSON.parse(line).url, lines, stderr: () => stderrText };
}
