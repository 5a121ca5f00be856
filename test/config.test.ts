import { describe, expect, test } from "bun:test";
import { ConfigError, HELP_TEXT, parseCommandLine, type Config } from "../src/config.ts";

function serveConfig(argv: string[], env: Record<string, string> = {}): Config {
  const command = parseCommandLine(argv, env);
  if (command.kind !== "serve") throw new Error(`expected serve, got ${command.kind}`);
  return command.config;
}

function configError(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCommandLine(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  test("defaults", () => {
    expect(serveConfig([])).toEqual({
      host: "127.0.0.1",
      port: 8080,
      dbUrl: "file:./data/webhooks.db",
      dbAuthToken: undefined,
      adminToken: undefined,
      dataDir: "./data",
      basePath: "",
    });
  });

  test("environment sets every option", () => {
    const config = serveConfig([], {
      WEBHOOKS_HOST: "0.0.0.0",
      WEBHOOKS_PORT: "9000",
      WEBHOOKS_DB_URL: "libsql://db.example:8080",
      WEBHOOKS_DB_AUTH_TOKEN: "db-secret",
      WEBHOOKS_ADMIN_TOKEN: "an-admin-token-long-enough",
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      port: 9000,
      dbUrl: "libsql://db.example:8080",
      dbAuthToken: "db-secret",
      adminToken: "an-admin-token-long-enough",
      dataDir: "./data",
      basePath: "",
    });
  });

  test("a flag wins over the environment", () => {
    const config = serveConfig(["--port", "7001", "--host=::1"], { WEBHOOKS_PORT: "9000", WEBHOOKS_HOST: "0.0.0.0" });
    expect(config.port).toBe(7001);
    expect(config.host).toBe("::1");
  });

  test("the data directory is the database file's folder", () => {
    expect(serveConfig(["--db", "file:/var/lib/iacbox-webhooks/webhooks.db"]).dataDir).toBe("/var/lib/iacbox-webhooks");
    expect(serveConfig(["--db", "file:///srv/w.db"]).dataDir).toBe("/srv");
    expect(serveConfig(["--db", "file:w.db"]).dataDir).toBe(".");
  });

  test("--help and --version", () => {
    expect(parseCommandLine(["--help"], {})).toEqual({ kind: "help" });
    expect(parseCommandLine(["-v"], {})).toEqual({ kind: "version" });
    for (const flag of ["--host", "--port", "--db", "--db-auth-token", "--admin-token", "WEBHOOKS_DB_URL"]) {
      expect(HELP_TEXT).toContain(flag);
    }
  });

  test("--help starts every option's description in one column, --help's and --version's too", () => {
    const options = HELP_TEXT.split("\n").filter((line) => line.startsWith("  --"));
    expect(options.length).toBeGreaterThan(10);
    const descriptionAt = (line: string) => line.indexOf(line.trimEnd().split(/\s{2,}/).at(-1)!);
    expect(new Set(options.map(descriptionAt)).size, options.join("\n")).toBe(1);
  });

  test.each([
    [["--port", "99999"], "invalid --port (WEBHOOKS_PORT) \"99999\": must be a whole number from 0 to 65535"],
    [["--port", "80a"], "invalid --port (WEBHOOKS_PORT) \"80a\": must be a whole number from 0 to 65535"],
    [["--db", "postgres://x"], "invalid --db (WEBHOOKS_DB_URL) \"postgres://x\": must start with one of file: libsql: http: https: ws: wss:"],
    [["--admin-token", "short"], "invalid --admin-token (WEBHOOKS_ADMIN_TOKEN): must be at least 16 characters"],
    [["--host", " "], "invalid --host (WEBHOOKS_HOST) \" \": must not be empty"],
    [["--base-path", "webhooks"], "invalid --base-path (WEBHOOKS_BASE_PATH) \"webhooks\": must be a path such as /webhooks (letters, digits, . _ ~ - between slashes)"],
    [["--base-path", "/a b"], "invalid --base-path (WEBHOOKS_BASE_PATH) \"/a b\": must be a path such as /webhooks (letters, digits, . _ ~ - between slashes)"],
    [["--base-path", "/a/../b"], "invalid --base-path (WEBHOOKS_BASE_PATH) \"/a/../b\": must not contain . or .. segments"],
    [["--base-path", "//evil.example"], "invalid --base-path (WEBHOOKS_BASE_PATH) \"//evil.example\": must be a path such as /webhooks (letters, digits, . _ ~ - between slashes)"],
    [["--tls-cert", "/etc/box.crt"], "--tls-cert (WEBHOOKS_TLS_CERT) and --tls-key (WEBHOOKS_TLS_KEY) go together: set both, or neither for plain HTTP"],
    [["--tls-key", "/etc/box.key"], "--tls-cert (WEBHOOKS_TLS_CERT) and --tls-key (WEBHOOKS_TLS_KEY) go together: set both, or neither for plain HTTP"],
  ])("rejects %j", (argv, message) => {
    expect(configError(argv)).toBe(message);
  });

  test("the base path: a trailing slash is the same prefix, / is the root", () => {
    expect(serveConfig(["--base-path", "/webhooks/"]).basePath).toBe("/webhooks");
    expect(serveConfig([], { WEBHOOKS_BASE_PATH: "/box/hooks" }).basePath).toBe("/box/hooks");
    expect(serveConfig(["--base-path", "/"]).basePath).toBe("");
  });

  test("the TLS files, by flag or environment", () => {
    expect(serveConfig(["--tls-cert", "/etc/box.crt"], { WEBHOOKS_TLS_KEY: "/etc/box.key" }).tls).toEqual({ certPath: "/etc/box.crt", keyPath: "/etc/box.key" });
  });

  test("an invalid environment value names the variable", () => {
    expect(configError([], { WEBHOOKS_PORT: "-1" })).toContain("WEBHOOKS_PORT");
  });

  test("unknown flags and stray arguments are rejected on one line", () => {
    for (const argv of [["--colour"], ["serve-now"], ["--port"]]) {
      const message = configError(argv);
      expect(message).not.toContain("\n");
      expect(message).toContain("see --help");
    }
    expect(configError(["--colour"])).toContain("--colour");
  });
});

describe("emit command line", () => {
  test("reads the type, ticket id, data and database", () => {
    const command = parseCommandLine(
      ["emit", "ticket.logged_in", "--ticket-id", "42", "--data", '{"client_ip":"10.0.0.7","time_used":"60"}', "--db", "file:/tmp/x/w.db"],
      {},
    );
    expect(command).toEqual({
      kind: "emit",
      dbUrl: "file:/tmp/x/w.db",
      dbAuthToken: undefined,
      dataDir: "/tmp/x",
      event: { type: "ticket.logged_in", ticket_id: "42", data: { client_ip: "10.0.0.7", time_used: 60 } },
    });
  });

  test("reads times as the API does: into ISO 8601 UTC", () => {
    const command = parseCommandLine(["emit", "ticket.revoked", "--data", '{"timestamp_expires":1796292900,"shared_limits":"1"}'], {});
    expect(command).toMatchObject({ event: { data: { timestamp_expires: "2026-12-03T10:15:00Z", shared_limits: 1 } } });
  });

  test("takes the database from the environment like the service", () => {
    const command = parseCommandLine(["emit", "system.backup.done"], { WEBHOOKS_DB_URL: "file:/var/lib/w/w.db" });
    expect(command).toMatchObject({ kind: "emit", dbUrl: "file:/var/lib/w/w.db", event: { type: "system.backup.done" } });
  });

  test.each([
    [["emit"], "exactly one event type"],
    [["emit", "a", "b"], "exactly one event type"],
    [["emit", "ticket.exploded"], "invalid event: type: unknown event type 'ticket.exploded'"],
    [["emit", "ticket.logged_in", "--data", "{nope"], "invalid --data: not JSON"],
    [["emit", "ticket.logged_in", "--data", '{"time_used":"ten"}'], "invalid event: data.time_used: must be a whole number"],
    [["emit", "ticket.logged_in", "--uuid", "123"], "invalid event: uuid: must be a UUID"],
    [["emit", "ticket.logged_in", "--data", '{"login_type":"relogin"}'], "invalid event: data.login_type: must be one of first, reconnect, n/a"],
    [["emit", "ticket.revoked", "--data", '{"timestamp_expires":"soon"}'], "invalid event: data.timestamp_expires: is not a time"],
    [["emit", "ticket.logged_in", "--port", "1"], "Unknown option '--port'"],
  ])("rejects %j", (argv, message) => {
    expect(configError(argv)).toContain(message);
  });
});
