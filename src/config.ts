import { parseArgs } from "node:util";
import { dirname } from "node:path";
import { z } from "zod";
import { errorMessage } from "./error-message.ts";
import { EventInputSchema, type EventInput } from "./events/schema.ts";
import { INSTANCE_ID_PATTERN } from "./security/instance-id.ts";

export interface Config {
  host: string;
  port: number;
  dbUrl: string;
  dbAuthToken?: string;
  /** Set by flag or environment; otherwise generated and kept in `dataDir`. */
  adminToken?: string;
  metricsToken?: string;
  /** Owner of this instance's delivery claims; several instances on one database need different ones. Otherwise generated and kept in `dataDir`. */
  instanceId?: string;
  /** Where the generated admin token, secret key and instance id live: beside a local database. */
  dataDir: string;
  /** The path prefix everything is served under (`/webhooks`), or "" for the root. */
  basePath: string;
  /** PEM files to serve HTTPS with; plain HTTP without. */
  tls?: TlsFilePaths;
}

export interface TlsFilePaths {
  certPath: string;
  keyPath: string;
}

export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "serve"; config: Config }
  | { kind: "emit"; dbUrl: string; dbAuthToken?: string; dataDir: string; event: EventInput };

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
  "metrics-token": { env: "WEBHOOKS_METRICS_TOKEN", default: undefined, help: "a read-only token for GET /metrics (the admin token works too)" },
  "instance-id": {
    env: "WEBHOOKS_INSTANCE_ID",
    default: undefined,
    help: "who owns this instance's claims when several share a database (default: generated, kept in instance-id beside the database)",
  },
  "base-path": {
    env: "WEBHOOKS_BASE_PATH",
    default: undefined,
    help: "serve everything under this path, e.g. /webhooks, for a proxy that passes the prefix on",
  },
  "tls-cert": { env: "WEBHOOKS_TLS_CERT", default: undefined, help: "PEM certificate (chain) to serve HTTPS with; reread on SIGHUP" },
  "tls-key": { env: "WEBHOOKS_TLS_KEY", default: undefined, help: "PEM private key of --tls-cert; reread on SIGHUP" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** One option in --help: flag, variable and description each in its column. */
function helpLine(name: string, env: string, help: string): string {
  return `  --${name.padEnd(16)} ${env.padEnd(24)} ${help}`;
}

export const HELP_TEXT = `Usage: iacbox-webhooks [options]
       iacbox-webhooks emit <event type> [--ticket-id ID] [--data JSON] [--uuid UUID] [--created-at ISO] [--db URL]

Sends the IACBOX's events to the webhooks an admin configured, and logs every attempt.

Options (a flag wins over its environment variable):
${[
  ...(Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]).map(([name, o]) =>
    helpLine(name, o.env, `${o.help}${o.default ? ` [${o.default}]` : ""}`),
  ),
  helpLine("help", "", "print this help and exit"),
  helpLine("version", "", "print the version and exit"),
].join("\n")}

emit queues one event in the database, as POST /api/events does, and prints its uuid;
the running service sends it within one read interval. --data holds the data fields as
a JSON object, e.g. --data '{"client_ip":"10.0.0.7","backend_data":{"pms":{"room":"12"}}}'.
`;

const DB_URL_SCHEMES = ["file:", "libsql:", "http:", "https:", "ws:", "wss:"];

const token = z
  .string()
  .min(16, "must be at least 16 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
  .optional();

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
  "admin-token": token,
  "metrics-token": token,
  "instance-id": z.string().regex(INSTANCE_ID_PATTERN, "must be 1 to 64 letters, digits, '.', '_' or '-'").optional(),
  "base-path": z
    .string()
    .trim()
    // "/" and "" are the root; a trailing slash is the same prefix
    .transform((p) => p.replace(/\/+$/, ""))
    .refine((p) => p === "" || /^(\/[A-Za-z0-9._~-]+)+$/.test(p), "must be a path such as /webhooks (letters, digits, . _ ~ - between slashes)")
    .refine((p) => !p.split("/").some((segment) => segment === "." || segment === ".."), "must not contain . or .. segments")
    .optional(),
  "tls-cert": z.string().trim().min(1, "must not be empty").optional(),
  "tls-key": z.string().trim().min(1, "must not be empty").optional(),
});

/** A database URL fit for a log line: a remote one without its query (`?authToken=…`) and credentials. */
export function redactedDbUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  return url.split(/[?#]/)[0]!.replace(/\/\/[^/@]*@/, "//");
}

/** The file path of a `file:` URL (`file:./a.db`, `file:/abs/a.db`, `file:///abs/a.db`, `file://localhost/abs/a.db`). */
export function localPath(fileUrl: string): string {
  const path = fileUrl.slice("file:".length).split("?")[0]!;
  return path.startsWith("//") ? path.replace(/^\/\/(localhost)?/, "") : path;
}

type FlagValues = Record<string, string | boolean | undefined>;

function parseFlags(argv: string[], options: Record<string, { type: "string" | "boolean"; short?: string }>) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: true, options });
  } catch (err) {
    // node's messages go on with advice about positionals; the first sentence says it all
    throw new ConfigError(`${errorMessage(err).split(/\.\s|\n/)[0]} (see --help)`);
  }
}

/** The named options from flags, else environment, else default, validated. */
function resolveOptions<N extends OptionName>(names: readonly N[], values: FlagValues, env: Record<string, string | undefined>) {
  const raw = Object.fromEntries(names.map((name) => [name, (values[name] as string | undefined) ?? env[OPTIONS[name].env] ?? OPTIONS[name].default]));
  const parsed = ConfigSchema.pick(Object.fromEntries(names.map((n) => [n, true])) as never).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]) as OptionName;
    // a token's value is a secret: it would go to the journal with the message
    const shown = name.endsWith("token") ? "" : ` ${JSON.stringify(name === "db" ? redactedDbUrl(String(raw[name])) : raw[name])}`;
    throw new ConfigError(`invalid --${name} (${OPTIONS[name].env})${shown}: ${issue.message}`);
  }
  return parsed.data as z.infer<typeof ConfigSchema>;
}

const stringFlags = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, { type: "string" as const }]));

/** Beside a local database file; `./data` for a remote server. */
function dataDirFor(dbUrl: string): string {
  return dbUrl.startsWith("file:") ? dirname(localPath(dbUrl)) : "./data";
}

const EMIT_FLAGS = ["ticket-id", "data", "uuid", "created-at"] as const;

function parseEmit(argv: string[], env: Record<string, string | undefined>): CliCommand {
  const { values, positionals } = parseFlags(argv, {
    ...stringFlags(["db", "db-auth-token", ...EMIT_FLAGS]),
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { kind: "help" };
  if (positionals.length !== 1) throw new ConfigError("emit takes exactly one event type, e.g. emit ticket.logged_in (see --help)");
  const c = resolveOptions(["db", "db-auth-token"], values, env);
  let data: unknown;
  if (values.data !== undefined) {
    try {
      data = JSON.parse(String(values.data));
    } catch (err) {
      throw new ConfigError(`invalid --data: not JSON (${errorMessage(err)})`);
    }
  }
  const input = { type: positionals[0], ticket_id: values["ticket-id"], data, uuid: values.uuid, created_at: values["created-at"] };
  const parsed = EventInputSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid event: ${issue.path.join(".") || "event"}: ${issue.message}`);
  }
  return { kind: "emit", dbUrl: c.db, dbAuthToken: c["db-auth-token"], dataDir: dataDirFor(c.db), event: parsed.data };
}

/**
 * Reads the command line and environment into a validated command. Pure: the caller
 * passes `argv` (without the executable) and `env`. Throws ConfigError with one line.
 */
export function parseCommandLine(argv: string[], env: Record<string, string | undefined>): CliCommand {
  if (argv[0] === "emit") return parseEmit(argv.slice(1), env);
  const { values, positionals } = parseFlags(argv, {
    ...stringFlags(Object.keys(OPTIONS)),
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
  });
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (positionals.length > 0) throw new ConfigError(`Unexpected argument '${positionals[0]}' (see --help)`);
  const c = resolveOptions(Object.keys(OPTIONS) as OptionName[], values, env);
  if ((c["tls-cert"] === undefined) !== (c["tls-key"] === undefined)) {
    throw new ConfigError("--tls-cert (WEBHOOKS_TLS_CERT) and --tls-key (WEBHOOKS_TLS_KEY) go together: set both, or neither for plain HTTP");
  }
  return {
    kind: "serve",
    config: {
      host: c.host,
      port: c.port,
      dbUrl: c.db,
      dbAuthToken: c["db-auth-token"],
      adminToken: c["admin-token"],
      metricsToken: c["metrics-token"],
      instanceId: c["instance-id"],
      dataDir: dataDirFor(c.db),
      basePath: c["base-path"] ?? "",
      tls: c["tls-cert"] && c["tls-key"] ? { certPath: c["tls-cert"], keyPath: c["tls-key"] } : undefined,
    },
  };
}
