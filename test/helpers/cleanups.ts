import { afterAll, afterEach } from "bun:test";
import { makeTempDir } from "./temp-dir.ts";

type Cleanup = () => Promise<unknown> | unknown;

/**
 * Cleanups a test registers as it goes (a temp dir, a process, a server), run after each
 * test of the file, the last registered first, whether the test passed or not. Call it
 * once at the top of a test file.
 */
export function cleanupAfterEach() {
  return cleanupsRunBy(afterEach);
}

/** The same for what a file's tests share (started in `beforeAll`): run once, after the last test. */
export function cleanupAfterAll() {
  return cleanupsRunBy(afterAll);
}

function cleanupsRunBy(hook: typeof afterEach) {
  const cleanups: Cleanup[] = [];
  hook(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    add: (...more: Cleanup[]) => void cleanups.push(...more),
    /** A fresh temp dir, removed with the other cleanups (`onDisk`: see temp-dir.ts). */
    async tempDir(options: { onDisk?: boolean } = {}): Promise<string> {
      const dir = await makeTempDir(undefined, options);
      cleanups.push(dir.remove);
      return dir.path;
    },
  };
}
