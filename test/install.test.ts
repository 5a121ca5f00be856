import { afterAll, describe, expect, test } from "bun:test";
import { stat } from "node:fs/promises";
import { makeTempDir } from "./helpers/temp-dir.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("scripts/install.sh", () => {
  test("puts the binary, an environment file and a hardened systemd unit in place", async () => {
    const dest = await makeTempDir();
    cleanups.push(dest.remove);
    // a stand-in binary: install.sh only copies it and asks its version
    const fake = `${dest.path}/fake-binary`;
    await Bun.write(fake, "#!/bin/sh\necho 0.0.0\n");
    await Bun.spawn(["chmod", "+x", fake]).exited;
    const run = async () => {
      const proc = Bun.spawn(["bash", `${ROOT}scripts/install.sh`, fake], { env: { ...process.env, DESTDIR: `${dest.path}/root` }, stderr: "pipe", stdout: "pipe" });
      const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
      expect(code, err).toBe(0);
    };
    await run();
    const root = `${dest.path}/root`;
    expect((await stat(`${root}/usr/local/bin/iacbox-webhooks`)).mode & 0o777).toBe(0o755);
    expect((await stat(`${root}/var/lib/iacbox-webhooks`)).mode & 0o777).toBe(0o700);
    expect((await stat(`${root}/etc/iacbox-webhooks/env`)).mode & 0o777).toBe(0o640);
    const unit = await Bun.file(`${root}/etc/systemd/system/iacbox-webhooks.service`).text();
    // a start that keeps failing (a locked or read-only database) stops after a few tries, not in a loop
    for (const line of ["User=iacbox-webhooks", "Restart=on-failure", "StartLimitIntervalSec=120", "StartLimitBurst=5", "MemoryMax=150M", "EnvironmentFile=/etc/iacbox-webhooks/env", "StateDirectory=iacbox-webhooks"]) {
      expect(unit).toContain(line);
    }
    expect(await Bun.file(`${root}/etc/iacbox-webhooks/env`).text()).toContain("WEBHOOKS_DB_URL=file:/var/lib/iacbox-webhooks/webhooks.db");

    // a re-install keeps the admin's settings
    await Bun.write(`${root}/etc/iacbox-webhooks/env`, "WEBHOOKS_PORT=9000\n");
    await run();
    expect(await Bun.file(`${root}/etc/iacbox-webhooks/env`).text()).toBe("WEBHOOKS_PORT=9000\n");
  });

  test("refuses a missing binary with one clear line", async () => {
    const proc = Bun.spawn(["bash", `${ROOT}scripts/install.sh`, "/nonexistent/iacbox-webhooks"], { env: { ...process.env, DESTDIR: "/tmp/never" }, stderr: "pipe" });
    const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(1);
    expect(err.trim()).toBe("install.sh: no executable at /nonexistent/iacbox-webhooks (run npm run build first)");
  });
});
