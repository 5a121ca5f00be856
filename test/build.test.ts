import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "./helpers/cleanups.ts";
import { startServiceProcess } from "./helpers/service-process.ts";
import { renderEmbeddedModules } from "../scripts/embedded-modules.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const cleanups = cleanupAfterEach();

describe("the single executable", () => {
  test("embedded modules match drizzle/ and public/ (run `npm run embed` after changing them)", async () => {
    for (const [path, expected] of Object.entries(await renderEmbeddedModules(ROOT))) {
      expect(await Bun.file(`${ROOT}${path}`).text(), path).toBe(expected);
    }
  });

  test("the admin page's script takes from src/ only plain constants: no zod, no server code", async () => {
    const result = await Bun.build({ entrypoints: [`${ROOT}public/src/main.ts`], root: ROOT, target: "browser", format: "esm" });
    expect(result.success).toBe(true);
    // an unminified bundle names each module it holds in a `// path` line
    const modules = [...(await result.outputs[0]!.text()).matchAll(/^\/\/ (\S+\.[jt]s)$/gm)].map((m) => m[1]);
    expect(modules.length).toBeGreaterThan(10);
    expect(modules.filter((m) => !m!.startsWith("public/src/"))).toEqual(["src/db/webhook-choices.ts"]);
  });

  test(
    "builds, and boots from an empty directory with no files beside it",
    async () => {
      const buildDir = await cleanups.tempDir();
      const runDir = await cleanups.tempDir();
      const binary = `${buildDir}/iacbox-webhooks`;
      const build = Bun.spawn([process.execPath, `${ROOT}scripts/build.ts`, "--outfile", binary], {
        cwd: ROOT,
        stdout: "pipe",
        stderr: "pipe",
      });
      const [code, stderr] = await Promise.all([build.exited, new Response(build.stderr).text()]);
      expect(code, stderr).toBe(0);

      const service = await startServiceProcess({ command: [binary], args: [], cwd: runDir });
      cleanups.add(async () => {
        service.proc.kill("SIGKILL");
        await service.proc.exited;
      });
      const health = await fetch(`${service.url}/api/health`);
      expect(await health.json()).toMatchObject({ status: "ok" });
      const page = await fetch(`${service.url}/`);
      expect(await page.text()).toContain("IACBOX Webhooks");
      expect(await Bun.file(`${runDir}/data/webhooks.db`).exists()).toBe(true);
      expect(await Bun.file(`${runDir}/data/admin-token`).exists()).toBe(true);
      // it runs tuned for the service's budget (heap size, when and how far to compile, the C heap's slack), in the same process
      const environ = (await Bun.file(`/proc/${service.proc.pid}/environ`).text()).split("\0");
      expect(environ).toContain(`BUN_JSC_forceRAMSize=${512 * 1024 * 1024}`);
      expect(environ).toContain("BUN_JSC_thresholdForJITAfterWarmUp=5000");
      expect(environ).toContain("BUN_JSC_thresholdForJITSoon=1000");
      expect(environ).toContain("BUN_JSC_useFTLJIT=0");
      expect(environ).toContain(`MALLOC_TRIM_THRESHOLD_=${1024 * 1024}`);
      expect(environ).toContain(`MALLOC_TOP_PAD_=${256 * 1024}`);

      service.proc.kill("SIGTERM");
      expect(await service.proc.exited).toBe(0);
    },
    120_000,
  );
});
