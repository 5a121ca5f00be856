import { describe, expect, test } from "bun:test";
import { cleanupAfterEach } from "./helpers/cleanups.ts";
import { DENO_COMMAND, startServiceProcess } from "./helpers/service-process.ts";
import { eventually, startReceiver } from "./helpers/receiver.ts";
import { makeTestCertificate, servedCommonName } from "./helpers/test-certificate.ts";
import { writeFile } from "node:fs/promises";

const TOKEN = "deno-test-admin-token-0123456789";
const cleanups = cleanupAfterEach();
const DENO_ENV = { WEBHOOKS_ADMIN_TOKEN: TOKEN, HOME: process.env.HOME ?? "/root", DENO_NO_UPDATE_CHECK: "1" };

async function startDeno(dir: string, args: string[] = []) {
  const service = await startServiceProcess({ command: DENO_COMMAND, args: ["--db", `file:${dir}/webhooks.db`, ...args], cwd: dir, env: DENO_ENV, timeoutMs: 60_000 });
  cleanups.add(async () => {
    service.proc.kill("SIGKILL");
    await service.proc.exited;
  });
  return service;
}

describe("the same source under Deno", () => {
  test(
    "boots, takes a webhook and an event, and delivers it",
    async () => {
      const dir = await cleanups.tempDir();
      const receiver = startReceiver();
      cleanups.add(() => receiver.stop());
      const service = await startDeno(dir);
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

  test(
    "serves HTTPS and takes a renewed certificate on SIGHUP",
    async () => {
      const dir = await cleanups.tempDir();
      const write = async (pair: { cert: string; key: string }) => {
        await writeFile(`${dir}/box.crt`, pair.cert);
        await writeFile(`${dir}/box.key`, pair.key);
        return pair;
      };
      const first = await write(makeTestCertificate({ commonName: "first" }));
      const service = await startDeno(dir, ["--tls-cert", `${dir}/box.crt`, "--tls-key", `${dir}/box.key`]);
      expect(service.url).toStartWith("https://127.0.0.1:");
      const port = Number(new URL(service.url).port);
      const health = await fetch(`https://localhost:${port}/api/health`, { tls: { ca: first.cert } });
      expect(health.status).toBe(200);
      expect(health.headers.get("strict-transport-security")).toBe("max-age=31536000");

      const renewed = await write(makeTestCertificate({ commonName: "renewed" }));
      service.proc.kill("SIGHUP");
      await eventually(async () => (await servedCommonName(port, [first.cert, renewed.cert]).catch(() => "")) === "renewed", 20_000);
      service.proc.kill("SIGTERM");
      expect(await service.proc.exited).toBe(0);
    },
    90_000,
  );
});
