/**
 * Which names a template may use: those its view has. A name that is not there renders
 * as nothing, for every event, so `{{volume_usd}}` is refused when the webhook is saved,
 * with the nearest known name as a suggestion.
 */

/** What a view holds under a name: a value with no names inside, names of its own, or anything (data an outside system fills in). */
export type NameShape = "value" | "any" | { readonly [name: string]: NameShape };

/** A mustache token: its type, its name or text, and for a section the tokens inside. */
export type Token = [type: string, value: string, start: number, end: number, inner?: Token[]];

/** The token types that look a name up: `{{a}}`, `{{& a}}`, `{{{a}}}`, `{{#a}}` and `{{^a}}`. */
export const NAMED = new Set(["name", "&", "{", "#", "^"]);

function resolve(shape: NameShape, path: string[]): NameShape | undefined {
  let current = shape;
  for (const part of path) {
    if (current === "any") return "any";
    if (current === "value" || !Object.hasOwn(current, part)) return undefined;
    current = current[part]!;
  }
  return current;
}

/** As mustache looks a name up: the whole dotted name in each context, the innermost section's first. */
function lookup(contexts: NameShape[], name: string): NameShape | undefined {
  if (name === ".") return contexts.at(-1);
  const path = name.split(".");
  for (let i = contexts.length - 1; i >= 0; i--) {
    const found = resolve(contexts[i]!, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every dotted name a shape holds, in its order. */
function namesIn(shape: NameShape, prefix = ""): string[] {
  if (typeof shape === "string") return [];
  return Object.entries(shape).flatMap(([name, inner]) => [prefix + name, ...namesIn(inner, `${prefix}${name}.`)]);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known name meant, if one is near: one ending in the name (`ticket_id` →
 * `event.ticket_id`), else one a typo away, measured against its last part
 * (`event.uid` → `event.uuid`, but `event.data.room` suggests nothing).
 */
function suggestion(name: string, contexts: NameShape[]): string | null {
  const known = [...new Set(contexts.flatMap((shape) => namesIn(shape)))];
  const longer = known.filter((k) => k.endsWith(`.${name}`)).sort((a, b) => a.length - b.length)[0];
  if (longer) return longer;
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(name.split(".").at(-1)!.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Every name the tokens use that their view lacks, each once, in the order they appear, with the contexts it was looked up in. */
function unknownNames(tokens: Token[], contexts: NameShape[], found: Map<string, NameShape[]> = new Map()): Map<string, NameShape[]> {
  for (const [type, name, , , inner] of tokens) {
    if (!NAMED.has(type)) continue;
    const shape = lookup(contexts, name);
    if (shape === undefined) {
      if (!found.has(name)) found.set(name, contexts);
      continue;
    }
    // a section enters what it names; an inverted one renders only where there is nothing to enter
    if (inner) unknownNames(inner, type === "#" ? [...contexts, shape] : contexts, found);
  }
  return found;
}

/**
 * Why a parsed template uses names `view` does not have, one message per name ("unknown
 * placeholder volume_usd; did you mean volume_used?"): an admin fixes them all in one go.
 */
export function unknownPlaceholderProblems(tokens: Token[], view: NameShape): string[] {
  return [...unknownNames(tokens, [view])].map(([name, contexts]) => {
    const meant = suggestion(name, contexts);
    return meant === null ? `unknown placeholder ${name} (GET /api/placeholders lists the known ones)` : `unknown placeholder ${name}; did you mean ${meant}?`;
  });
}
