import type { MimeType } from "./model.ts";
import { jsonProblem } from "./json-syntax.ts";
import { xmlProblem } from "./xml-wellformed.ts";

/** Why a body is no valid document of its mime type (naming where), or null. */
export function documentProblem(text: string, mimeType: MimeType): string | null {
  if (mimeType === "application/json") {
    const problem = jsonProblem(text);
    return problem === null ? null : `is not valid JSON: ${problem}`;
  }
  const problem = xmlProblem(text);
  return problem === null ? null : `is not well-formed XML: ${problem}`;
}
