import type { AuthMimeType } from "./model.ts";
import { jsonProblem } from "./json-syntax.ts";
import { xmlProblem } from "./xml-wellformed.ts";

// name=value pairs joined by &, each part percent-encoded (RFC 1866 8.2.1, as a browser sends a form)
const FORM_PAIR = /^[^\s&=%]*(%[0-9A-Fa-f]{2}[^\s&=%]*)*=[^\s&=%]*(%[0-9A-Fa-f]{2}[^\s&=%]*)*$/;

function formProblem(text: string): string | null {
  const pairs = text.split("&");
  const index = pairs.findIndex((pair) => !FORM_PAIR.test(pair) || pair.startsWith("="));
  if (index < 0) return null;
  return `is not form-encoded: field ${index + 1} '${pairs[index]!.slice(0, 60)}' is not name=value, percent-encoded`;
}

/** Why a body is no valid document of its mime type (naming where), or null. */
export function documentProblem(text: string, mimeType: AuthMimeType): string | null {
  if (mimeType === "application/x-www-form-urlencoded") return formProblem(text);
  if (mimeType === "application/json") {
    const problem = jsonProblem(text);
    return problem === null ? null : `is not valid JSON: ${problem}`;
  }
  const problem = xmlProblem(text);
  return problem === null ? null : `is not well-formed XML: ${problem}`;
}
