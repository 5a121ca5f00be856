import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { loadTlsFiles } from "../../src/security/tls-files.ts";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { eventually } from "../helpers/receiver.ts";
import { startServiceProcess } from "../helpers/service-process.ts";
import { makeTestCertificate, servedCommonName } from "../helpers/test-certificate.ts";

const TOKEN = "tls-test-admin-token-0123456789";
const cleanups = cleanupAfterEach();

async function writePair(dir: string, name: string, pair: { cert: string; key: string }) {
  const paths = { certPath: `${dir}/${name}.crt`, keyPath: `${dir}/${name}.key` };
  await writeFile(paths.certPath, pair.cert);
  await writeFile(paths.keyPath, pair.key);
  return paths;
}

describe("the TLS files", () => {
  test("a matching pair is read with its subject and end of validity", async () => {
    const dir = await cleanups.tempDir();
    const notAfter = new Date("2030-01-02T03:04:05Z");
    const paths = await writePair(dir, "box", makeTestCertificate({ commonName: "box.lan", notAfter }));
    const loaded = await loadTlsFiles(paths, new Date());
    expect(loaded.ok && { subject: loaded.subject, validTo: loaded.validTo.toISOString(), expired: loaded.expired }).toEqual({
      subject: "CN=box.lan",
      validTo: "2030-01-02T03:04:05.000Z",
      expired: false,
    });
  });

  test("each unusable file is refused with the reason, naming the file", async () => {
    const dir = await cleanups.tempDir();
    const good = await writePair(dir, "good", makeTestCertificate({ commonName: "good" }));
    const other = await writePair(dir, "other", makeTestCertificate({ commonName: "other" }));
    await writeFile(`${dir}/garbage.pem`, "not a certificate\n");
    await writeFile(`${dir}/huge.pem`, "x".repeat(1024 * 1024 + 1));
    const reason = async (certPath: string, keyPath: string) => {
      const loaded = await loadTlsFiles({ certPath, keyPath }, new Date());
      return loaded.ok ? "loaded" : loaded.reason;
    };
    expect(await reason(good.certPath, other.keyPath)).toBe(`${other.keyPath} is not the private key of the certificate in ${good.certPath}`);
    expect(await reason(`${dir}/garbage.pem`, good.keyPath)).toStartWith(`${dir}/garbage.pem holds no PEM certificate`);
    expect(await reason(good.certPath, `${dir}/garbage.pem`)).toStartWith(`${dir}/garbage.pem holds no unencrypted PEM private key`);
    expect(await reason(`${dir}/missing.crt`, good.keyPath)).toStartWith(`cannot read the TLS certificate ${dir}/missing.crt: `);
    expect(await reason(good.certPath, dir)).toBe(`the TLS key ${dir} is not a file`);
    expect(await reason(`${dir}/huge.pem`, good.keyPath)).toBe(`the TLS certificate ${dir}/huge.pem is larger than 1 MiB`);
  });

  test("a certificate out of date is read, and said to be so", async () => {
    const dir = await cleanups.tempDir();
    const paths = await writePair(dir, "old", makeTestCertificate({ commonName: "old", notBefore: new Date("2020-01-01"), notAfter: new Date("2021-01-01") }));
    const loaded = await loadTlsFiles(paths, new Date());
    expect(loaded.ok && loaded.expired).toBe(true);
  });
});

describe("HTTPS of its own", () => {
  test("serves HTTPS with Strict-Transport-Security; SIGHUP takes a renewed certificate, and keeps the old one when the new files are unusable", async () => {
    const dir = await cleanups.tempDir();
    const first = makeTestCertificate({ commonName: "first" });
    const paths = await writePair(dir, "box", first);
    const service = await startServiceProcess({
      args: ["--db", `file:${dir}/webhooks.db`, "--tls-cert", paths.certPath, "--tls-key", paths.keyPath],
      cwd: dir,
      env: { WEBHOOKS_ADMIN_TOKEN: TOKEN },
    });
    cleanups.add(async () => {
      service.proc.kill("SIGKILL");
      await service.proc.exited;
    });
    expect(service.url).toStartWith("https://127.0.0.1:");
    const port = Number(new URL(service.url).port);
    const health = await fetch(`https://localhost:${port}/api/health`, { tls: { ca: first.cert } });
    expect(health.status).toBe(200);
    expect(health.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(await servedCommonName(port, [first.cert])).toBe("first");

    const renewed = makeTestCertificate({ commonName: "renewed" });
    await writePair(dir, "box", renewed);
    service.proc.kill("SIGHUP");
    await eventually(async () => (await servedCommonName(port, [first.cert, renewed.cert])) === "renewed");
    await eventually(async () => service.lines.some((l) => l.includes("TLS certificate reloaded") && l.includes("CN=renewed")));

    await writeFile(paths.keyPath, makeTestCertificate({ commonName: "stranger" }).key);
    service.proc.kill("SIGHUP");
    await eventually(async () => service.lines.some((l) => l.includes("TLS files not reloaded") && l.includes("is not the private key")));
    expect(await servedCommonName(port, [renewed.cert])).toBe("renewed");
    // the service is still whole: the API answers through the kept certificate
    const settings = await fetch(`https://localhost:${port}/api/settings`, { headers: { Authorization: `Bearer ${TOKEN}` }, tls: { ca: renewed.cert } });
    expect(settings.status).toBe(200);

    service.proc.kill("SIGTERM");
    expect(await service.proc.exited).toBe(0);
  }, 30_000);
});
