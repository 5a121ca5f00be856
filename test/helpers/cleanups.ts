import { afterEach } from "bun:test";
import { makeTempDir } from "./temp-dir.ts";

/**
 * Cleanups a test registers as it goes (a temp dir, a process, a server), run after each
 * test of the file, the last registered first, whether the test passed or not. Call it
 * once at the top of a test file.
 */
export function cleanupAfterEach() {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    add: (cleanup: () => Promise<unknown> | unknown) => void cleanups.push(cleanup),
    /** A fresh temp dir, removed after the test. */
    async tempDir(): Promise<string> {
      const dir = await makeTempDir();
      cleanups.push(dir.remove);
      return dir.path;
    },
  };
}
