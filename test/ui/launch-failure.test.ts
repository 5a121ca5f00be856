import { expect, test } from "bun:test";

const ROOT = new URL("../..", import.meta.url).pathname;

test("a Chromium that cannot start is one failing test saying why, and the page's tests are skipped", async () => {
  const proc = Bun.spawn([process.execPath, "test", `${ROOT}test/ui/admin-page.test.ts`], {
    cwd: ROOT,
    env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  const output = stdout + stderr;
  expect(code).toBe(1);
  expect(output).toContain("/nonexistent/chromium did not start");
  expect(output).toMatch(/\(fail\) Chromium starts for the admin page tests/);
  expect(output).toMatch(/^ *1 fail$/m);
  expect(output).not.toContain("(fail) (unnamed)");
});
