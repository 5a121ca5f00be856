import { describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";

const SRC = new URL("../src/", import.meta.url).pathname;
/** The runtime entry modules: the only places a runtime's own API may appear. */
const ENTRIES = new Set(["main.ts", "main.deno.ts"]);

describe("runtime portability", () => {
  test("Bun's and Deno's own APIs appear only in the entry modules", async () => {
    const offenders: string[] = [];
    for (const entry of await readdir(SRC, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const path = join(entry.parentPath, entry.name);
      const relative = path.slice(SRC.length);
      if (ENTRIES.has(relative)) continue;
      const source = await Bun.file(path).text();
      if (/\bBun\.|from "bun(:[a-z]+)?"|\bDeno\.|\bprocess\.|\bBuffer\b(?!\))/.test(source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))) {
        offenders.push(relative);
      }
    }
    expect(offenders).toEqual([]);
  });
});
