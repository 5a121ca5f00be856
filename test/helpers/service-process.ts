import type { Subprocess } from "bun";

const ROOT = new URL("../..", import.meta.url).pathname;

/** `bun src/main.ts` from the repository, for tests that start the service as a process. */
export const SOURCE_COMMAND = [process.execPath, `${ROOT}src/main.ts`];

export interface RunningService {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  /** Every stdout line so far (JSON log lines). */
  lines: string[];
  stderr(): Promise<string>;
}

/** Reads lines from a stream into `lines`, resolving `waitFor` when a line matches. */
function collectLines(stream: ReadableStream<Uint8Array>, lines: string[]) {
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        lines.push(line);
        for (const w of waiters.filter((w) => w.match(line))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  })();
  return function waitFor(match: (line: string) => boolean, timeoutMs: number): Promise<string> {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms:\n${lines.join("\n")}`)), timeoutMs);
      waiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  };
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
  const lines: string[] = [];
  const waitFor = collectLines(proc.stdout, lines);
  const stderrText = new Response(proc.stderr).text();
  const listening = waitFor((l) => l.includes('"msg":"listening"'), options.timeoutMs ?? 15_000);
  listening.catch(() => {}); // the race below reports it; this only silences the loser
  const first = await Promise.race([listening, proc.exited]);
  if (typeof first === "number") {
    throw new Error(`service exited with ${first} before listening: ${await stderrText}\n${lines.join("\n")}`);
  }
  const line = first;
  return { proc, url: JSON.parse(line).url, lines, stderr: () => stderrText };
}
