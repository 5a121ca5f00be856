import { readFile, writeFile } from "node:fs/promises";
import { eventually } from "./receiver.ts";
import { makeTempDir } from "./temp-dir.ts";

export interface PrefixProxy {
  /** Where the proxy listens, without the prefix. */
  url: string;
  stop(): Promise<void>;
}

/** Which proxy `startPrefixProxy` runs on this machine: a real nginx when one is on PATH. */
export function prefixProxyName(): string {
  return Bun.which("nginx") ? "nginx" : "a Bun proxy (no nginx on PATH)";
}

/**
 * A reverse proxy, as the box's web server is set up in front of the service: requests under
 * `prefix`/ go to `upstream` with the prefix stripped (`/webhooks/api/log` → `/api/log`),
 * nothing else is served.
 */
export function startPrefixProxy(prefix: string, upstream: string): Promise<PrefixProxy> {
  const nginx = Bun.which("nginx");
  return nginx ? startNginx(nginx, prefix, upstream) : Promise.resolve(startBunProxy(prefix, upstream));
}

/** nginx in the foreground, everything it writes (pid, logs, buffers) in a temp dir. */
async function startNginx(binary: string, prefix: string, upstream: string): Promise<PrefixProxy> {
  const dir = await makeTempDir("iacbox-nginx-");
  const port = freePort();
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `${kind}_temp_path ${dir.path}/${kind};`).join("\n  ");
  await writeFile(
    `${dir.path}/nginx.conf`,
    `daemon off;
worker_processes 1;
pid ${dir.path}/nginx.pid;
error_log ${dir.path}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  ${temp}
  server {
    listen 127.0.0.1:${port};
    location ${prefix}/ { proxy_pass ${upstream}/; }
  }
}
`,
  );
  // -e: the error log before the configuration is read, which is /var/log/nginx otherwise
  const proc = Bun.spawn([binary, "-p", dir.path, "-c", `${dir.path}/nginx.conf`, "-e", `${dir.path}/error.log`], { stdout: "ignore", stderr: "pipe" });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    proc.kill("SIGTERM");
    await proc.exited;
    await dir.remove();
  };
  const exited = proc.exited.then(async (code) => {
    throw new Error(`nginx exited with ${code}: ${await new Response(proc.stderr).text()}${await readFile(`${dir.path}/error.log`, "utf8").catch(() => "")}`);
  });
  try {
    await Promise.race([eventually(() => fetch(url).then(() => true)), exited]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

function startBunProxy(prefix: string, upstream: string): PrefixProxy {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(`${prefix}/`)) return new Response("Not found", { status: 404 });
      const target = `${upstream}${url.pathname.slice(prefix.length)}${url.search}`;
      // passed on as the service answered it: not decoded, not followed
      return fetch(new Request(target, request), { decompress: false, redirect: "manual" });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

/** A port free a moment ago, for a server that cannot be told to pick one (nginx). */
function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const { port } = probe;
  probe.stop(true);
  return port!;
}
