import { accessSync, constants, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where the tests' databases and key files go: a RAM-backed folder where the system has one
 * (Linux's /dev/shm). The files are as real (the same libSQL, the same fsyncs), but an fsync
 * costs nothing there, where on this machine's disk it made the suite wait half its time.
 * Elsewhere the system temp dir.
 */
const BASE = (() => {
  try {
    if (statSync("/dev/shm").isDirectory()) {
      accessSync("/dev/shm", constants.W_OK);
      return "/dev/shm";
    }
  } catch {
    // no such folder, or not ours to write: the system temp dir
  }
  return tmpdir();
})();

/**
 * A fresh directory for a test; `remove()` deletes it with its contents. `onDisk`: in the
 * system temp dir, for a test that needs what only a disk's file system does (chattr +i).
 */
export async function makeTempDir(prefix = "iacbox-webhooks-", options: { onDisk?: boolean } = {}) {
  const path = await mkdtemp(join(options.onDisk ? tmpdir() : BASE, prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
