import { describe, expect, test } from "bun:test";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { probeFile, watchFileIdentity, type FileChange, type FileIdentity } from "../../src/db/file-identity.ts";
import { createLogger } from "../../src/logger.ts";
import { cleanupAfterEach } from "../helpers/cleanups.ts";
import { eventually } from "../helpers/receiver.ts";

const { add: cleanup, tempDir } = cleanupAfterEach();

const OPENED: FileIdentity = { exists: true, device: 2049n, inode: 131n };

/**
 * Watches through a probe that answers what the test puts in `now` (or throws it, when
 * an Error), checking every millisecond; `probes` counts the checks.
 */
async function scriptedWatch(atStart: FileIdentity | Error = OPENED) {
  const state = { now: atStart, probes: 0 };
  const changes: FileChange[] = [];
  const logLines: string[] = [];
  const stop = await watchFileIdentity({
    path: "/var/lib/iacbox-webhooks/webhooks.db",
    probe: async () => {
      state.probes++;
      if (state.now instanceof Error) throw state.now;
      return state.now;
    },
    everyMs: 1,
    logger: createLogger({ write: (line) => logLines.push(line) }),
    onChange: (change) => changes.push(change),
  });
  cleanup(stop);
  const checksFromNow = (n: number) => {
    const target = state.probes + n;
    return eventually(async () => state.probes >= target);
  };
  return { state, changes, logLines, stop, checksFromNow };
}

/** Resolves once a timer as frequent as the watch's has fired `n` times: the watch's would have too, were it running. */
function ticksOfAWatchTimer(n: number) {
  let ticks = 0;
  return new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (++ticks < n) return;
      clearInterval(timer);
      resolve();
    }, 1);
  });
}

describe("the file probe", () => {
  test("names the file by device and inode: the same file, another moved over it, deleted, its folder deleted", async () => {
    const dir = await tempDir();
    const path = `${dir}/data/webhooks.db`;
    await mkdir(`${dir}/data`);
    await writeFile(path, "one");
    const first = await probeFile(path);
    expect(first).toEqual({ exists: true, device: expect.any(BigInt), inode: expect.any(BigInt) });
    await writeFile(path, "written again in place");
    expect(await probeFile(path)).toEqual(first);

    await writeFile(`${dir}/data/other.db`, "another database");
    await rename(`${dir}/data/other.db`, path);
    const replaced = await probeFile(path);
    expect(replaced.exists).toBe(true);
    expect(replaced).not.toEqual(first);

    await rm(path);
    expect(await probeFile(path)).toEqual({ exists: false });
    await rm(`${dir}/data`, { recursive: true });
    expect(await probeFile(path)).toEqual({ exists: false });
    await writeFile(`${dir}/data`, "a file where the folder was");
    expect(await probeFile(path)).toEqual({ exists: false });
  });
});

describe("watching the database file", () => {
  test("the same file, checked again and again, is no change", async () => {
    const watch = await scriptedWatch();
    await watch.checksFromNow(20);
    expect(watch.changes).toEqual([]);
  });

  test("another file in its place is reported once, as replaced, and checking ends", async () => {
    const watch = await scriptedWatch();
    watch.state.now = { exists: true, device: 2049n, inode: 132n };
    await eventually(async () => watch.changes.length > 0);
    const probes = watch.state.probes;
    watch.state.now = { exists: false };
    await ticksOfAWatchTimer(5);
    expect(watch.state.probes).toBe(probes);
    expect(watch.changes).toEqual(["replaced"]);
  });

  test("the same inode on another device is another file", async () => {
    const watch = await scriptedWatch();
    watch.state.now = { exists: true, device: 2050n, inode: 131n };
    await eventually(async () => watch.changes.length > 0);
    expect(watch.changes).toEqual(["replaced"]);
  });

  test("a file gone is reported as deleted", async () => {
    const watch = await scriptedWatch();
    watch.state.now = { exists: false };
    await eventually(async () => watch.changes.length > 0);
    expect(watch.changes).toEqual(["deleted"]);
  });

  test("a probe that fails is warned about once, and checking goes on", async () => {
    const watch = await scriptedWatch();
    watch.state.now = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    await watch.checksFromNow(10);
    const warnings = watch.logLines.filter((l) => l.includes('"msg":"cannot check the database file"'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("/var/lib/iacbox-webhooks/webhooks.db");
    expect(watch.changes).toEqual([]);
    watch.state.now = { exists: false };
    await eventually(async () => watch.changes.length > 0);
    expect(watch.changes).toEqual(["deleted"]);
  });

  test("a file missing at the start (deleted while the database was opened) is reported as deleted", async () => {
    const watch = await scriptedWatch({ exists: false });
    await eventually(async () => watch.changes.length > 0);
    expect(watch.changes).toEqual(["deleted"]);
  });

  test("a file that cannot be checked at the start is not watched: warned about, never reported", async () => {
    const watch = await scriptedWatch(new Error("EACCES: permission denied"));
    watch.state.now = { exists: false };
    await ticksOfAWatchTimer(5);
    expect(watch.state.probes).toBe(1);
    expect(watch.changes).toEqual([]);
    expect(watch.logLines).toHaveLength(1);
    expect(watch.logLines[0]).toContain("cannot check the database file; not watching it");
  });

  test("stopped, it reports nothing", async () => {
    const watch = await scriptedWatch();
    watch.stop();
    const probes = watch.state.probes;
    watch.state.now = { exists: false };
    await ticksOfAWatchTimer(5);
    expect(watch.state.probes).toBe(probes);
    expect(watch.changes).toEqual([]);
  });
});
