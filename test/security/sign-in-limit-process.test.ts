import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { eventually } from "../helpers/receiver.ts";
import { DENO_COMMAND, SOURCE_COMMAND, startServiceProcess } from "../helpers/service-process.ts";

const TOKEN = "sign-in-process-admin-token-0123";
const cleanups = cleanupAfterEach();

describe("failed sign-ins over a real socket", () => {
  test.each([
    ["Bun", SOURCE_COMMAND],
    ["Deno", DENO_COMMAND],
  ])(
    "under %s the entry module hands the peer's address over: the eleventh wrong token is a 429, the right one still passes",
    async (_, command) => {
      const dir = await cleanups.tempDir();
      const service = await startServiceProcess({
        command,
        args: ["--db", `file:${dir}/webhooks.db`],
        cwd: dir,
        env: { WEBHOOKS_ADMIN_TOKEN: TOKEN, HOME: process.env.HOME ?? "/root", DENO_NO_UPDATE_CHECK: "1" },
        timeoutMs: 60_000,
      });
      cleanups.add(async () => {
        service.proc.kill("SIGKILL");
        await service.proc.exited;
      });
      const settings = (token: string) => fetch(`${service.url}/api/settings`, { headers: { Authorization: `Bearer ${token}` } });
      for (let i = 0; i < 10; i++) expect((await settings(`${TOKEN}-wrong`)).status).toBe(401);
      const refused = await settings(`${TOKEN}-wrong`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeWithin(1, 61);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      expect((await settings(TOKEN)).status).toBe(200);
      // the address the socket came from, not the "unknown" of a runtime that gave none
      const warning = await eventually(async () => service.lines.map((l) => JSON.parse(l)).find((l) => l.msg.startsWith("too many failed sign-ins")));
      expect(warning).toMatchObject({ level: "warn", address: "127.0.0.1" });
    },
    90_000,
  );
});
