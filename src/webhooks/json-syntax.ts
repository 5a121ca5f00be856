/**
 * Why a text is not JSON, with the line and column where it goes wrong, or null. The
 * runtime's parser decides; only a text it refuses is walked again here, as its message
 * names no position (Bun's: `JSON Parse error: Unexpected identifier "x"`).
 */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const at = firstSyntaxError(text);
    const { line, column } = position(text, at);
    const found = at < text.length ? `unexpected ${JSON.stringify(text[at])}` : "unexpected end";
    return `${found} (line ${line}, column ${column})`;
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: Record<string, RegExp> = { t: /true/y, f: /false/y, n: /null/y, '"': STRING };

/**
 * The offset of the first character RFC 8259's grammar does not allow there. Iterative, with
 * a stack of open brackets: a hostile body may nest a million deep.
 */
function firstSyntaxError(text: string): number {
  let i = 0;
  const closers: string[] = [];
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (pattern: RegExp) => {
    space();
    pattern.lastIndex = i;
    if (!pattern.test(text)) throw i;
    i = pattern.lastIndex;
  };
  /** A value; an object or array is opened and its first member read, the rest left to the loop. */
  const value = () => {
    for (;;) {
      space();
      const c = text[i] ?? "";
      if (c !== "{" && c !== "[") return expect(LITERALS[c] ?? NUMBER);
      i++;
      const closer = c === "{" ? "}" : "]";
      space();
      if (text[i] === closer) {
        i++;
        return;
      }
      closers.push(closer);
      if (closer === "}") key();
    }
  };
  const key = () => {
    expect(STRING);
    expect(/:/y);
  };
  try {
    value();
    while (closers.length > 0) {
      space();
      if (text[i] === ",") {
        i++;
        if (closers.at(-1) === "}") key();
        value();
      } else if (text[i] === closers.at(-1)) {
        i++;
        closers.pop();
      } else throw i;
    }
    space();
    return i;
  } catch (at) {
    return at as number;
  }
}
