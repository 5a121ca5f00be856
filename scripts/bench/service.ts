/** The service under test: the compiled binary as a child process, and a small API client for it. */
import type { Subprocess } from "bun";
import { collectLines } from "../log-lines.ts";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
export const DEFAULT_BINARY = `${ROOT}dist/iacbox-webhooks`;
const LISTEN_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** Builds the binary unless it is already there, so a run measures what was built, not the build. */
export async function ensureBinary(path: string): Promise<void> {
  if (await Bun.file(path).exists()) return;
  const build = Bun.spawn([process.execPath, `${ROOT}scripts/build.ts`, "--outfile", path], {
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  });
  if ((await build.exited) !== 0) throw new Error(`building ${path} failed`);
}

/** The binary a bench script runs: `BENCH_BINARY`, else the default build; built first if missing. */
export async function benchBinary(): Promise<string> {
  const binary = resolve(process.env.BENCH_BINARY ?? DEFAULT_BINARY);
  await ensureBinary(binary);
  return binary;
}

export interface Memory {
  /** Resident in all: private pages and the mapped binary's and libraries' pages. */
  rssMb: number;
  /** Private (anonymous) pages alone: what the process itself allocated. */
  anonMb: number;
  peakMb: number;
}

export interface ApiResponse {
  status: number;
  body: any;
}

export interface Service {
  url: string;
  pid: number;
  /** Spawn until the first successful `GET /api/health`. */
  startToHealthyMs: number;
  /** Every JSON log line printed so far. */
  lines: string[];
  api(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  memory(): Memory;
  cpu(): CpuTime;
  /** Waits until the process has finished its work (see `settledCpu`) and returns its CPU time by then. */
  settledCpu(): Promise<CpuTime>;
  /** Waits until the process has given back what its last work used (see `settledMemory`). */
  settledMemory(): Promise<Memory>;
  /** Resolves with the first log line (already seen or yet to come) that matches, or null after `timeoutMs`. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string | null>;
  stop(): Promise<void>;
}

/** VmRSS, RssAnon and VmHWM of a process, in MB; VmHWM is the kernel's own high-water mark, so no peak is missed between samples. */
export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, anonMb: kb("RssAnon") / 1024, peakMb: kb("VmHWM") / 1024 };
}

export interface CpuTime {
  /** User and system time of all the process's threads, ms. */
  allMs: number;
  /** Of its main thread alone, where JavaScript runs. */
  mainMs: number;
}

/** Clock ticks per second, the unit of /proc's CPU times. */
const TICKS_PER_SEC = Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim()) || 100;

function cpuMs(statPath: string): number {
  const stat = readFileSync(statPath, "utf8");
  // the fields after the command name, which may itself hold spaces and parentheses
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SEC;
}

/** CPU time a process used so far; the difference over a burst is its cost. */
export function readCpu(pid: number): CpuTime {
  return { allMs: cpuMs(`/proc/${pid}/stat`), mainMs: cpuMs(`/proc/${pid}/task/${pid}/stat`) };
}

/**
 * A process that used at most this much CPU over this long has finished its work (an idle
 * service uses about 7 ms a second). The quiet spell is long: after a burst, the allocator's
 * scavenger thread returns memory in spurts for up to a second, with pauses between them.
 */
const QUIET = { ms: 500, cpuMs: 10 };
const SETTLE_SAMPLE_MS = 50;
const SETTLE_MAX_MS = 5000;

/**
 * CPU time once the process has finished what it was doing: the last deliveries' results
 * are written after the receiver has seen them, and the memory a burst used is given back
 * later; both belong to the burst. Returns the reading at the start of the first quiet
 * spell, so its idle time is not counted; after `SETTLE_MAX_MS` of work, the reading then.
 */
async function settledCpu(read: () => CpuTime): Promise<CpuTime> {
  const started = performance.now();
  let now = { at: started, cpu: read() };
  const readings = [now];
  while (now.at - started < SETTLE_MAX_MS) {
    await Bun.sleep(SETTLE_SAMPLE_MS);
    now = { at: performance.now(), cpu: read() };
    readings.push(now);
    const spellStart = readings.findLast((r) => now.at - r.at >= QUIET.ms);
    if (spellStart && now.cpu.allMs - spellStart.cpu.allMs <= QUIET.cpuMs) return spellStart.cpu;
  }
  return now.cpu;
}

/** Memory has settled once RssAnon has not fallen for this long: the allocator gives memory back in steps over a few seconds. */
const MEMORY_QUIET_MS = 2000;
const MEMORY_SAMPLE_MS = 250;
const MEMORY_SETTLE_MAX_MS = 10_000;

/** The memory of an idle process: read once RssAnon has stopped falling, or after `MEMORY_SETTLE_MAX_MS`. */
async function settledMemory(read: () => Memory): Promise<Memory> {
  const started = performance.now();
  let now = read();
  let lowest = { anonMb: now.anonMb, at: started };
  while (performance.now() - lowest.at < MEMORY_QUIET_MS && performance.now() - started < MEMORY_SETTLE_MAX_MS) {
    await Bun.sleep(MEMORY_SAMPLE_MS);
    now = read();
    if (now.anonMb < lowest.anonMb) lowest = { anonMb: now.anonMb, at: performance.now() };
  }
  return now;
}

function apiClient(url: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

async function stopProcess(proc: Subprocess) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await proc.exited;
  clearTimeout(timer);
}

/**
 * Starts the binary (or a command that takes the same options) on `dbFile` (cwd `dir`, a
 * free port) and returns once it answers its health check.
 */
export async function startService(binary: string | readonly string[], dir: string, dbFile: string, token: string): Promise<Service> {
  const started = performance.now();
  const proc = Bun.spawn([...(typeof binary === "string" ? [binary] : binary), "--port", "0", "--db", `file:${dbFile}`], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", WEBHOOKS_ADMIN_TOKEN: token },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  const { lines, waitForLine } = collectLines(proc.stdout);
  const listening = await Promise.race([waitForLine((l) => l.includes('"msg":"listening"'), LISTEN_TIMEOUT_MS), proc.exited]);
  if (typeof listening !== "string") {
    await stopProcess(proc);
    throw new Error(`the service did not start (${listening === null ? "timeout" : `exit ${listening}`}):\n${lines.join("\n")}`);
  }
  const url = JSON.parse(listening).url as string;
  const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const startToHealthyMs = performance.now() - started;
  if (health.status !== 200) {
    await stopProcess(proc);
    throw new Error(`the health check answered ${health.status}`);
  }
  return {
    url,
    pid: proc.pid,
    startToHealthyMs,
    lines,
    api: apiClient(url, token),
    memory: () => readMemory(proc.pid),
    cpu: () => readCpu(proc.pid),
    settledCpu: () => settledCpu(() => readCpu(proc.pid)),
    settledMemory: () => settledMemory(() => readMemory(proc.pid)),
    waitForLine,
    stop: () => stopProcess(proc),
  };
}

/** Asserts an API answer's status, naming the call and showing the body when it differs. */
/**
 * Runs `work` with `command` (see startService) started on a new database in a temporary
 * directory named for `label`; then stops it and removes the directory, whatever `work` did.
 */
export async function withTempService<T>(
  command: string | readonly string[],
  label: string,
  token: string,
  work: (service: Service) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `iacbox-webhooks-${label}-`));
  let service: Service | null = null;
  try {
    service = await startService(command, dir, join(dir, "webhooks.db"), token);
    return await work(service);
  } finally {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function expectStatus(response: ApiResponse, status: number, what: string): any {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
