/**
 * Writes the files the single executable must carry into TypeScript modules under
 * `src/generated/`: the SQL migrations from `drizzle/` and the admin page from `public/`.
 * Plain modules embed the same way under `bun build --compile` and under Deno, with no
 * runtime-specific asset API. Run after `drizzle-kit generate` or a change in `public/`
 * (`npm run embed`); a test fails while the committed modules are stale.
 */
import { renderEmbeddedModules } from "./embedded-modules.ts";
import { writeFile } from "node:fs/promises";

const root = new URL("..", import.meta.url).pathname;
for (const [path, text] of Object.entries(await renderEmbeddedModules(root))) {
  await writeFile(`${root}${path}`, text);
  console.log(`wrote ${path}`);
}
