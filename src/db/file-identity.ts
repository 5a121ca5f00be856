import { stat } from "node:fs/promises";
import type { Logger } from "../logger.ts";

/** The file a path names now (its device and inode), or none. */
export type FileIdentity = { exists: true; device: bigint; inode: bigint } | { exists: false };

/** Reads which file `path` names; `path` or a folder on it missing is `exists: false`, other failures throw. */
export type FileProbe = (path: string) => Promise<FileIdentity>;

/** The probe on the real file system (node:fs, as both runtimes provide it). */
export const probeFile: FileProbe = async (path) => {
  try {
    const stats = await stat(path, { bigint: true });
    return { exists: true, device: stats.dev, inode: stats.ino };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { exists: false };
    throw err;
  }
};

/** What became of the file that was opened. */
export type FileChange = "deleted" | "replaced";

function changeBetween(opened: FileIdentity, now: FileIdentity): FileChange | null {
  if (!opened.exists || !now.exists) return "deleted";
  return now.device === opened.device && now.inode === opened.inode ? null : "replaced";
}

/**
 * Checks every `everyMs` that `path` still names the file it named at the start, and
 * calls `onChange` once when it does not: deleted (itself or its folder), or another
 * file put in its place; missing at the start is deleted too (while the database was
 * being opened and migrated, which may take seconds). An open SQLite connection goes on
 * writing into a deleted file without an error, so nothing else would notice. A check
 * costs one stat, off the request path. A probe that fails otherwise (permissions
 * changed) is warned about once and tried again; one that fails at the start leaves the
 * file unwatched. Returns a stop function.
 */
export async function watchFileIdentity(options: {
  path: string;
  probe: FileProbe;
  everyMs: number;
  logger: Logger;
  onChange: (change: FileChange) => void;
}): Promise<() => void> {
  const { path, probe, logger } = options;
  const opened = await probe(path).catch((err) => {
    logger.warn("cannot check the database file; not watching it", { path, err });
    return null;
  });
  if (opened === null) return () => {};
  let checking = false;
  let warned = false;
  let stopped = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    const now = await probe(path).catch((err) => {
      if (!warned) logger.warn("cannot check the database file", { path, err });
      warned = true;
      return null;
    });
    checking = false;
    if (now === null || stopped) return;
    warned = false;
    const change = changeBetween(opened, now);
    if (change) {
      stop();
      options.onChange(change);
    }
  };
  const timer = setInterval(check, options.everyMs);
  function stop() {
    stopped = true;
    clearInterval(timer);
  }
  return stop;
}
