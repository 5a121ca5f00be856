/** A structured logger: one JSON object per line, `time`, `level`, `msg`, then fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type Level = keyof Logger;
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/**
 * Creates a logger writing lines through `write` (stdout by default). Callers never
 * pass secrets as fields; the logger cannot know which strings are secret.
 */
export function createLogger(
  options: { level?: Level; write?: (line: string) => void; now?: () => Date } = {},
): Logger {
  const { level = "info", write = (line) => console.log(line), now = () => new Date() } = options;
  const log = (lvl: Level) =>
    function logLine(msg: string, fields: Record<string, unknown> = {}) {
      if (RANK[lvl] < RANK[level]) return;
      const entry: Record<string, unknown> = { time: now().toISOString(), level: lvl, msg };
      for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
      write(JSON.stringify(entry));
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
