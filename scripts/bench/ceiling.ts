/**
 * The ceiling delivery is compared with: a plain `fetch()` POST loop to the same receiver,
 * sending what the service sends, as many in flight as the service allows. It runs in a
 * child process of the same Bun, as the service does, so sender and receiver do not share
 * one event loop (which would lower the ceiling and flatter the ratio).
 */
export interface CeilingSpec {
  /** Round-robin targets: one per endpoint the service would deliver to. */
  urls: string[];
  method: string;
  headers: Record<string, string>;
  body: string | null;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface CeilingResult {
  requestsPerSec: number;
  requests: number;
  failures: number;
  /** The loop's CPU time per request, µs, all threads: what a delivery costs at the least. */
  cpuUsPerRequest: number;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** Bounds the loop by count too, far above what loopback HTTP can do in the time given. */
const MAX_REQUESTS_PER_SEC = 200_000;
/** Time for the child to start and report beyond its own loops before it is killed. */
const CHILD_SLACK_MS = 20_000;

async function postLoop(spec: CeilingSpec, durationMs: number) {
  const maxRequests = Math.ceil((durationMs / 1000) * MAX_REQUESTS_PER_SEC);
  let issued = 0;
  let requests = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker() {
    while (issued < maxRequests && performance.now() < deadline) {
      const url = spec.urls[issued++ % spec.urls.length]!;
      try {
        // The same call the service makes (src/delivery/http-request.ts): no redirects, a deadline.
        const response = await fetch(url, {
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
          redirect: "manual",
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.ok) requests++;
        else failures++;
      } catch {
        failures++;
      }
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  return { requests, failures, elapsedMs: performance.now() - started };
}

/** Runs the loop in a child process and returns its rate. */
export async function measureCeiling(spec: CeilingSpec): Promise<CeilingResult> {
  const child = Bun.spawn([process.execPath, import.meta.path, JSON.stringify(spec)], { stdout: "pipe", stderr: "inherit" });
  const timer = setTimeout(() => child.kill("SIGKILL"), spec.warmupMs + spec.durationMs + CHILD_SLACK_MS);
  const [output, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the fetch ceiling loop exited with ${code}`);
  return JSON.parse(output) as CeilingResult;
}

if (import.meta.main) {
  const spec = JSON.parse(Bun.argv[2]!) as CeilingSpec;
  await postLoop(spec, spec.warmupMs);
  // All threads (getrusage), read as the loop ends: the warm-up, just before and as busy,
  // leaves as much deferred work (memory given back, the JIT) inside the timed loop as the
  // loop leaves after it, so no wait for the process to settle is needed, unlike a burst.
  const before = process.cpuUsage();
  const { requests, failures, elapsedMs } = await postLoop(spec, spec.durationMs);
  const used = process.cpuUsage(before);
  const cpuUsPerRequest = (used.user + used.system) / Math.max(requests + failures, 1);
  const result: CeilingResult = { requestsPerSec: requests / (elapsedMs / 1000), requests, failures, cpuUsPerRequest };
  console.log(JSON.stringify(result));
}
