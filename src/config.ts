import { parseArgs } from "node:util";
import { dirname } from "node:path";
import { z } from "zod";

export interface Config {
  host: string;
  port: number;
  dbUrl: string;
  dbAuthToken?: string;
  /** Set by flag or environment; otherwise generated and kept in `dataDir`. */
  adminToken?: string;
  /** Where the generated admin token (and, later, other local secrets) live: beside a local database. */
  dataDir: string;
}

export type CliCommand = { kind: "help" } | { kind: "version" } | { kind: "serve"; config: Config };

/** A configuration problem, reported as one line before the process exits non-zero. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const OPTIONS = {
  host: { env: "WEBHOOKS_HOST", default: "127.0.0.1", help: "address to listen on" },
  port: { env: "WEBHOOKS_PORT", default: "8080", help: "port to listen on (0 picks a free one)" },
  db: { env: "WEBHOOKS_DB_URL", default: "file:./data/webhooks.db", help: "libSQL URL: file:PATH, libsql://, http(s)://" },
  "db-auth-token": { env: "WEBHOOKS_DB_AUTH_TOKEN", default: undefined, help: "auth token for a remote libSQL server" },
  "admin-token": {
    env: "WEBHOOKS_ADMIN_TOKEN",
    default: undefined,
    help: "bearer token for the API (default: generated, kept in admin-token beside the database)",
  },
} as const;

type OptionName = keyof typeof OPTIONS;

export const HELP_TEXT = `Usage: iacbox-webhooks [options]

Sends the IACBOX's events to the webhooks an admin configured, and logs every attempt.

Options (a flag wins over its environment variable):
${(Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][])
  .map(([name, o]) => `  --${name.padEnd(16)} ${o.env.padEnd(24)} ${o.help}${o.default ? ` [${o.default}]` : ""}`)
  .join("\n")}
  --help                                            print this help and exit
  --version                                         print the version and exit
`;

const DB_URL_SCHEMES = ["file:", "libsql:", "http:", "https:", "ws:", "wss:"];

const ConfigSchema = z.object({
  host: z.string().trim().min(1, "must not be empty"),
  port: z
    .string()
    .regex(/^\d+$/, "must be a whole number from 0 to 65535")
    .transform(Number)
    .refine((n) => n <= 65535, "must be a whole number from 0 to 65535"),
  db: z
    .string()
    .trim()
    .refine((u) => DB_URL_SCHEMES.some((s) => u.startsWith(s)), `must start with one of ${DB_URL_SCHEMES.join(" ")}`)
    .refine((u) => !u.startsWith("file:") || localPath(u).length > 0, "file: URL needs a path"),
  "db-auth-token": z.string().min(1, "must not be empty").optional(),
  "admin-token": z
    .string()
    .min(16, "must be at least 16 characters")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional(),
});

/** The file path of a `file:` URL (`file:./a.db`, `file:/abs/a.db`, `file:///abs/a.db`). */
export function localPath(fileUrl: string): string {
  const path = fileUrl.slice("file:".length).split("?")[0]!;
  return path.startsWith("///") ? path.slice(2) : path;
}

/**
 * Reads the command line and environment into a validated config. Pure: the caller
 * passes `argv` (without the executable) and `env`. Throws ConfigError with one line.
 */
export function parseCommandLine(argv: string[], env: Record<string, string | undefined>): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: "string" as const }])),
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    }));
  } catch (err) {
    // node's messages go on with advice about positionals; the first sentence says it all
    throw new ConfigError(`${(err as Error).message.split(/\.\s|\n/)[0]} (see --help)`);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const raw = Object.fromEntries(
    (Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]).map(([name, o]) => [
      name,
      (values[name] as string | undefined) ?? env[o.env] ?? o.default,
    ]),
  );
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]) as OptionName;
    throw new ConfigError(`invalid --${name} (${OPTIONS[name].env}) ${JSON.stringify(raw[name])}: ${issue.message}`);
  }
  const c = parsed.data;
  const dbUrl = c.db;
  return {
    kind: "serve",
    config: {
      host: c.host,
      port: c.port,
      dbUrl,
      dbAuthToken: c["db-auth-token"],
      adminToken: c["admin-token"],
      dataDir: dbUrl.startsWith("file:") ? dirname(localPath(dbUrl)) : "./data",
    },
  };
}
