import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "./helpers/cleanups.ts";
import { DENO_COMMAND, startServiceProcess } from "./helpers/service-process.ts";
import { startReceiver } from "./helpers/receiver.ts";

const TOKEN = "deno-test-admin-token-0123456789";
const cleanups = cleanupAfterEach();

describe("the same source under Deno", () => {
  test(
    "boots, takes a webhook and an event, and delivers it",
    async () => {
      const dir = await cleanups.tempDir();
      const receiver = startReceiver();
      cleanups.add(() => receiver.stop());
      const service = await startServiceProcess({
        command: DENO_COMMAND,
        args: ["--db", `file:${dir}/webhooks.db`],
        cwd: dir,
        env: { WEBHOOKS_ADMIN_TOKEN: TOKEN, HOME: process.env.HOME ?? "/root", DENO_NO_UPDATE_CHECK: "1" },
        timeoutMs: 60_000,
      });
      cleanups.add(async () => {
        service.proc.kill("SIGKILL");
        await service.proc.exited;
      });
      const call = (path: string, body: unknown) =>
        fetch(`${service.url}${path}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      const created = await call("/api/webhooks", { name: "deno", url: `${receiver.url}/hook`, events: ["ticket.*"], body: '{"room":"{{backend_data.pms.room}}"}' });
      expect(created.status).toBe(201);
      const accepted = await call("/api/events", { type: "ticket.revoked", data: { backend_data: { pms: { room: "31" } } } });
      expect(accepted.status).toBe(202);
      const uuid = ((await accepted.json()) as { accepted: string[] }).accepted[0]!;
      const requests = await receiver.waitFor((r) => r.some((x) => x.headers["webhook-id"] === uuid), 20_000);
      const request = requests.find((x) => x.headers["webhook-id"] === uuid)!;
      expect({ method: request.method, path: request.path }).toEqual({ method: "POST", path: "/hook" });
      expect(JSON.parse(request.body)).toEqual({ room: "31" });

      service.proc.kill("SIGTERM");
      expect(await service.proc.exited).toBe(0);
    },
    90_000,
  );
});
