import { describe, expect, test } from "bun:test";
import { stat } from "node:fs/promises";
import { cleanupAfterEach } from "./helpers/cleanups.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const UNIT = "iacbox-webhooks.service";
const SYSTEMD_ANALYZE = Bun.which("systemd-analyze");
const cleanups = cleanupAfterEach();

/** A staging tree (DESTDIR) and a way to run install.sh into it with a stand-in binary. */
async function stagingInstall() {
  const dest = await cleanups.tempDir();
  // a stand-in binary: install.sh only copies it and asks its version
  const fake = `${dest}/fake-binary`;
  await Bun.write(fake, "#!/bin/sh\necho 0.0.0\n");
  await Bun.spawn(["chmod", "+x", fake]).exited;
  const root = `${dest}/root`;
  const run = async () => {
    const proc = Bun.spawn(["bash", `${ROOT}scripts/install.sh`, fake], { env: { ...process.env, DESTDIR: root }, stderr: "pipe", stdout: "pipe" });
    const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code, err).toBe(0);
  };
  return { root, run };
}

describe("scripts/install.sh", () => {
  test("puts the binary, an environment file and a hardened systemd unit in place", async () => {
    const { root, run } = await stagingInstall();
    await run();
    expect((await stat(`${root}/usr/local/bin/iacbox-webhooks`)).mode & 0o777).toBe(0o755);
    expect((await stat(`${root}/var/lib/iacbox-webhooks`)).mode & 0o777).toBe(0o700);
    expect((await stat(`${root}/etc/iacbox-webhooks/env`)).mode & 0o777).toBe(0o640);
    const unit = await Bun.file(`${root}/etc/systemd/system/iacbox-webhooks.service`).text();
    // a start that keeps failing (a locked or read-only database) stops after a few tries, not in a loop
    for (const line of ["User=iacbox-webhooks", "Restart=on-failure", "StartLimitIntervalSec=120", "StartLimitBurst=5", "MemoryMax=150M", "EnvironmentFile=/etc/iacbox-webhooks/env", "StateDirectory=iacbox-webhooks", "ExecReload=/bin/kill -HUP $MAINPID"]) {
      expect(unit).toContain(line);
    }
    const envFile = await Bun.file(`${root}/etc/iacbox-webhooks/env`).text();
    for (const setting of ["WEBHOOKS_DB_URL=file:/var/lib/iacbox-webhooks/webhooks.db", "# WEBHOOKS_BASE_PATH=", "# WEBHOOKS_TLS_CERT=", "# WEBHOOKS_TLS_KEY="]) {
      expect(envFile).toContain(setting);
    }

    // a re-install keeps the admin's settings
    await Bun.write(`${root}/etc/iacbox-webhooks/env`, "WEBHOOKS_PORT=9000\n");
    await run();
    expect(await Bun.file(`${root}/etc/iacbox-webhooks/env`).text()).toBe("WEBHOOKS_PORT=9000\n");
  });

  const rating = "systemd-analyze security rates the installed unit's sandbox 3.0 or better (of 10, lower is safer)";
  test.skipIf(!SYSTEMD_ANALYZE)(SYSTEMD_ANALYZE ? rating : `${rating}: skipped, systemd-analyze is not installed`, async () => {
    const { root, run } = await stagingInstall();
    await run();
    // --root: the unit as installed under /etc/systemd/system of the staging tree; --offline: no running systemd needed
    const proc = Bun.spawn([SYSTEMD_ANALYZE!, "security", "--offline=true", `--root=${root}`, "--no-pager", UNIT], { stdout: "pipe", stderr: "pipe" });
    const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    expect(code, err).toBe(0);
    const score = out.match(/Overall exposure level for iacbox-webhooks\.service: (\d+(?:\.\d+)?)/)?.[1];
    expect(score, out).toBeDefined();
    expect(Number(score), out).toBeLessThanOrEqual(3.0);
    // what the score would reward but the service cannot live with: the JIT writes machine code, webhooks go anywhere
    const unit = await Bun.file(`${root}/etc/systemd/system/${UNIT}`).text();
    expect(unit).not.toMatch(/^(MemoryDenyWriteExecute|IPAddressDeny|PrivateNetwork)=/m);
  });

  test("refuses a missing binary with one clear line", async () => {
    const proc = Bun.spawn(["bash", `${ROOT}scripts/install.sh`, "/nonexistent/iacbox-webhooks"], { env: { ...process.env, DESTDIR: "/tmp/never" }, stderr: "pipe" });
    const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(1);
    expect(err.trim()).toBe("install.sh: no executable at /nonexistent/iacbox-webhooks (run npm run build first)");
  });
});

describe("npm install", () => {
  test("every dependency with an install script is decided in allowScripts, so npm runs it without a warning", async () => {
    const lock = (await Bun.file(`${ROOT}package-lock.json`).json()) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const { allowScripts } = (await Bun.file(`${ROOT}package.json`).json()) as { allowScripts: Record<string, boolean> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(allowScripts, name).toHaveProperty([name]);
  });
});
