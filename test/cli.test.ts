import { describe, expect, test } from "bun:test";
import { chmod, mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { cleanupAfterEach } from "./helpers/cleanups.ts";
import { SOURCE_COMMAND, startServiceProcess, type RunningService } from "./helpers/service-process.ts";

const { add: cleanup, tempDir } = cleanupAfterEach();

function track(service: RunningService) {
  cleanup(async () => {
    service.proc.kill("SIGKILL");
    await service.proc.exited;
  });
  return service;
}

/** Runs the CLI to completion and returns its exit code and output. */
async function runToExit(args: string[], cwd: string) {
  const proc = Bun.spawn([...SOURCE_COMMAND, ...args], { cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code, stdout, stderr };
}

function expectOneLineError(result: { code: number; stderr: string }, code: number, text: string) {
  expect(result.code).toBe(code);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toStartWith("iacbox-webhooks: ");
  expect(result.stderr).toContain(text);
}

describe("command line", () => {
  test("--help and --version print and exit 0", async () => {
    const cwd = await tempDir();
    const help = await runToExit(["--help"], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: iacbox-webhooks");
    const version = await runToExit(["--version"], cwd);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("a bad port, an unknown flag and an unreachable database exit non-zero with one clear line", async () => {
    const cwd = await tempDir();
    expectOneLineError(await runToExit(["--port", "99999"], cwd), 2, "--port");
    expectOneLineError(await runToExit(["--verbose"], cwd), 2, "--verbose");
    expectOneLineError(await runToExit(["--db", "http://127.0.0.1:1"], cwd), 1, "cannot open database http://127.0.0.1:1");
    // a remote URL's token (and credentials) never reach the journal
    const withToken = await runToExit(["--db", "http://user:pw@127.0.0.1:1/?authToken=SECRET123"], cwd);
    expectOneLineError(withToken, 1, "cannot open database http://127.0.0.1:1/:");
    expect(withToken.stderr).not.toContain("SECRET123");
    expect(withToken.stderr).not.toContain("pw@");
    expectOneLineError(await runToExit(["--db", "file:/proc/no-such-dir/w.db"], cwd), 1, "cannot open database file:/proc/no-such-dir/w.db");
  });

  test("a port in use is one clear line", async () => {
    const cwd = await tempDir();
    const first = track(await startServiceProcess({ args: ["--db", `file:${cwd}/a/w.db`], cwd }));
    const port = new URL(first.url).port;
    const second = Bun.spawn([...SOURCE_COMMAND, "--port", port, "--db", `file:${cwd}/b/w.db`], {
      cwd,
      stdout: "ignore",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([second.exited, new Response(second.stderr).text()]);
    expectOneLineError({ code, stderr }, 1, `cannot listen on 127.0.0.1:${port}`);
  });

  test("a second start beside the running service, on its database, stops before touching the queue", async () => {
    const cwd = await tempDir();
    const db = `file:${cwd}/w.db`;
    const first = track(await startServiceProcess({ args: ["--db", db], cwd }));
    const port = new URL(first.url).port;
    expectOneLineError(await runToExit(["--port", port, "--db", db], cwd), 1, `cannot listen on 127.0.0.1:${port}`);
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: db });
    try {
      const started = await client.execute("SELECT count(*) AS n FROM events WHERE type = 'system.started'");
      expect(Number(started.rows[0]!.n)).toBe(1);
    } finally {
      client.close();
    }
  });
});

describe("a newer binary started by hand beside the running service", () => {
  test("fails to listen before it upgrades the database under the running one", async () => {
    const cwd = await tempDir();
    const db = `file:${cwd}/w.db`;
    const { openDatabase } = await import("../src/db/client.ts");
    const { applyMigrations, schemaState } = await import("../src/db/migrate.ts");
    const { migrations } = await import("../src/generated/migrations.ts");
    const older = await openDatabase(db);
    await applyMigrations(older.client, migrations.slice(0, -1));
    older.close();
    const running = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("the running service") });
    cleanup(() => void running.stop(true));
    expectOneLineError(await runToExit(["--port", String(running.port), "--db", db], cwd), 1, `cannot listen on 127.0.0.1:${running.port}`);
    const after = await openDatabase(db);
    try {
      expect(await schemaState(after.client, migrations)).toBe("older");
    } finally {
      after.close();
    }
  });
});

describe("emit", () => {
  test("never creates a database, nor upgrades or downgrades one: each says why in one line", async () => {
    const cwd = await tempDir();
    expectOneLineError(await runToExit(["emit", "system.started"], cwd), 1, "no database there: start the service once, or point --db");
    const db = `file:${cwd}/w.db`;
    track(await startServiceProcess({ args: ["--db", db], cwd })).proc.kill("SIGTERM");
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: db });
    try {
      await client.execute("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)");
      expectOneLineError(await runToExit(["emit", "system.started", "--db", db], cwd), 1, "upgraded by a newer version");
      expectOneLineError(await runToExit(["--db", db], cwd), 1, "upgraded by a newer version");
      await client.execute("DELETE FROM __drizzle_migrations WHERE hash = 'future'");
      await client.execute("DELETE FROM __drizzle_migrations WHERE id = (SELECT max(id) FROM __drizzle_migrations)");
      expectOneLineError(await runToExit(["emit", "system.started", "--db", db], cwd), 1, "from an older version: restart the service");
    } finally {
      client.close();
    }
    const emitted = await runToExit(["emit", "system.started", "--db", `file://localhost${cwd}/w.db`], cwd);
    expect(emitted.stderr).toContain("from an older version");
  });

  test("a secret.key that cannot be used stops neither the service nor emit", async () => {
    const cwd = await tempDir();
    const db = `file:${cwd}/w.db`;
    await Bun.write(join(cwd, "secret.key"), "not a key\n");
    const service = track(await startServiceProcess({ args: ["--db", db], cwd }));
    const said = service.lines.map((l) => JSON.parse(l)).filter((l) => String(l.msg).includes("secret.key"));
    expect(said).toMatchObject([{ level: "error", msg: "secret.key cannot be used", path: join(cwd, "secret.key"), problem: "it is not base64" }]);
    const emitted = await runToExit(["emit", "ticket.revoked", "--ticket-id", "4711", "--db", db], cwd);
    expect(emitted.code).toBe(0);
    expect(emitted.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    service.proc.kill("SIGTERM");
    expect(await service.proc.exited).toBe(0);
    expect(await Bun.file(join(cwd, "secret.key")).text()).toBe("not a key\n");
  });
});

describe("the service process", () => {
  test("generates an admin token at first start in a 0600 file beside the database and keeps it", async () => {
    const cwd = await tempDir();
    const dbDir = join(cwd, "nested", "state");
    const args = ["--db", `file:${dbDir}/webhooks.db`];
    const service = track(await startServiceProcess({ args, cwd }));
    const tokenPath = join(dbDir, "admin-token");
    const logged = service.lines.map((l) => JSON.parse(l)).find((l) => l.msg === "admin token generated");
    expect(logged.path).toBe(tokenPath);
    expect((await stat(tokenPath)).mode & 0o777).toBe(0o600);
    const token = (await Bun.file(tokenPath).text()).trim();
    expect(JSON.stringify(service.lines)).not.toContain(token);

    const health = await fetch(`${service.url}/api/health`);
    expect(health.status).toBe(200);
    const authed = await fetch(`${service.url}/api/unknown`, { headers: { Authorization: `Bearer ${token}` } });
    expect(authed.status).toBe(404);

    service.proc.kill("SIGTERM");
    expect(await service.proc.exited).toBe(0);
    const again = track(await startServiceProcess({ args, cwd }));
    expect(again.lines.some((l) => l.includes('"msg":"admin token loaded"'))).toBe(true);
    const reused = await fetch(`${again.url}/api/unknown`, { headers: { Authorization: `Bearer ${token}` } });
    expect(reused.status).toBe(404);
  });

  test("guests' data is for its own user: a folder it makes is 0700, the database and every file beside it 0600", async () => {
    const cwd = await tempDir();
    // a folder the admin chose, readable by others, keeps its mode; what the service puts in it does not
    const shared = join(cwd, "shared");
    await mkdir(shared);
    await chmod(shared, 0o755);
    await Promise.all([
      startServiceProcess({ args: [], cwd }).then(track),
      startServiceProcess({ args: ["--db", `file:${shared}/x.db`], cwd }).then(track),
    ]);
    const modes = async (dir: string) =>
      Object.fromEntries(await Promise.all((await readdir(dir)).map(async (name) => [name, ((await stat(join(dir, name))).mode & 0o777).toString(8)])));
    expect(((await stat(join(cwd, "data"))).mode & 0o777).toString(8)).toBe("700");
    const beside = { "admin-token": "600", "secret.key": "600", "instance-id": "600" };
    expect(await modes(join(cwd, "data"))).toEqual({ "webhooks.db": "600", "webhooks.db-wal": "600", "webhooks.db-shm": "600", ...beside });
    expect(((await stat(shared)).mode & 0o777).toString(8)).toBe("755");
    expect(await modes(shared)).toEqual({ "x.db": "600", "x.db-wal": "600", "x.db-shm": "600", ...beside });
  });

  test("a configured admin token is used and no file is written", async () => {
    const cwd = await tempDir();
    const token = "configured-token-abcdefghijkl";
    const service = track(
      await startServiceProcess({ args: ["--db", `file:${cwd}/w.db`], cwd, env: { WEBHOOKS_ADMIN_TOKEN: token } }),
    );
    const res = await fetch(`${service.url}/api/unknown`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(await Bun.file(join(cwd, "admin-token")).exists()).toBe(false);
  });

  test("SIGTERM and SIGINT stop it cleanly with exit code 0", async () => {
    const cwd = await tempDir();
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const service = track(await startServiceProcess({ args: ["--db", `file:${cwd}/w.db`], cwd }));
      service.proc.kill(signal);
      expect(await service.proc.exited).toBe(0);
      const messages = service.lines.map((l) => JSON.parse(l));
      expect(messages.find((m) => m.msg === "shutting down")?.signal).toBe(signal);
      expect(messages.at(-1)?.msg).toBe("stopped");
    }
  });

  test("logs are one JSON object per line with time, level and msg", async () => {
    const cwd = await tempDir();
    const service = track(await startServiceProcess({ args: ["--db", `file:${cwd}/w.db`], cwd }));
    for (const line of service.lines) {
      const entry = JSON.parse(line);
      expect(new Date(entry.time).toISOString()).toBe(entry.time);
      expect(["debug", "info", "warn", "error"]).toContain(entry.level);
      expect(typeof entry.msg).toBe("string");
    }
  });
});
