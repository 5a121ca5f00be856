/**
 * Writes test/client/api-types.ts: the TypeScript types `openapi-typescript` makes of the
 * OpenAPI document the service serves, which the typed-client test (a box script's calls,
 * through `openapi-fetch`) compiles against. Run after changing a route (`npm run openapi:types`);
 * a test fails while the committed file is stale, and `npm run typecheck` while a call no
 * longer fits the document.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { writeFile } from "node:fs/promises";
import { createTestApp } from "../test/helpers/test-app.ts";

export const TYPES_FILE = new URL("../test/client/api-types.ts", import.meta.url).pathname;

const HEADER = "// Made by scripts/openapi-types.ts from the served OpenAPI document: do not edit.\n\n";

/** The types of the document the app serves at /api/openapi.json. */
export async function servedApiTypes(): Promise<string> {
  const t = await createTestApp();
  try {
    const document = await (await t.app.request("/api/openapi.json")).json();
    // a default makes a field optional in a request: only answers are sure to carry it
    return HEADER + astToString(await openapiTS(document, { alphabetize: true, defaultNonNullable: false }));
  } finally {
    await t.close();
  }
}

if (import.meta.main) {
  await writeFile(TYPES_FILE, await servedApiTypes());
  console.log("wrote test/client/api-types.ts");
}
