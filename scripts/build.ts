/**
 * Builds the single executable `dist/iacbox-webhooks`. The libSQL driver picks its
 * native addon with a computed `require()`, which the bundler cannot follow; the plugin
 * rewrites that one call to a literal path so the addon is embedded in the binary.
 * Run with `npm run build`; `--outfile PATH` builds elsewhere.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({ args: Bun.argv.slice(2), options: { outfile: { type: "string" } } });
const root = new URL("..", import.meta.url).pathname;
const outfile = values.outfile ?? `${root}dist/iacbox-webhooks`;
const nativeTarget = `${process.platform}-${process.arch}-${process.platform === "linux" ? "gnu" : ""}`.replace(/-$/, "");

const result = await Bun.build({
  entrypoints: [`${root}src/main.ts`],
  compile: { outfile },
  minify: true,
  // main.ts re-runs itself with JavaScriptCore's tuning before it loads anything else: split,
  // that first run parses only its own small chunk, not the whole service (start-up 310 -> 250 ms)
  splitting: true,
  sourcemap: "linked",
  plugins: [
    {
      name: "libsql-static-native-addon",
      setup(build) {
        build.onLoad({ filter: /[\\/]node_modules[\\/]libsql[\\/]index\.js$/ }, async (args) => {
          const source = await Bun.file(args.path).text();
          const dynamic = "require(`@libsql/${target}`)";
          if (!source.includes(dynamic)) throw new Error(`libsql's native loader changed; update ${import.meta.path}`);
          return { contents: source.replace(dynamic, `require("@libsql/${nativeTarget}/index.node")`), loader: "js" };
        });
      },
    },
  ],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile}`);
