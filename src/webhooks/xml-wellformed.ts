import { XMLValidator } from "fast-xml-parser";

/**
 * Whether a rendered XML body is well-formed, as a strict receiver will parse it. The
 * library's validator checks tags and attributes but lets through what a strict parser
 * refuses; those rules are checked here after it: references (`&nbsp;` is HTML, not XML),
 * characters XML forbids, `<` in an attribute value, `]]>` in text, `--` in a comment,
 * and one root element with nothing but space around it.
 */
export function xmlProblem(text: string): string | null {
  const result = XMLValidator.validate(text);
  if (result !== true) return `${result.err.msg} (line ${result.err.line}, column ${result.err.col})`;
  for (const [, comment] of text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "").matchAll(/<!--([\s\S]*?)-->/g)) {
    if (comment!.includes("--")) return "has -- inside a comment";
  }
  // comments, CDATA sections, processing instructions and the declaration hold & and < freely
  const markup = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, " ");
  return charProblem(text) ?? referenceProblem(markup) ?? structureProblem(markup);
}

/** XML 1.0's Char production. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

function charProblem(text: string): string | null {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!isXmlChar(cp)) return `contains ${hex(cp)}, a character XML does not allow`;
  }
  return null;
}

const PREDEFINED_ENTITIES = new Set(["amp", "lt", "gt", "quot", "apos"]);

function referenceProblem(markup: string): string | null {
  // a document type with an internal subset may declare entities of its own
  const declaresEntities = /<!DOCTYPE[^>]*\[/i.test(markup);
  for (const [, ref, semicolon] of markup.matchAll(/&([^;&<\s]*)(;?)/g)) {
    if (ref === "" || semicolon === "") return "has an & that starts no reference: write &amp;";
    if (ref!.startsWith("#")) {
      const code = /^#x([0-9a-fA-F]+)$/.exec(ref!)?.[1];
      const cp = code !== undefined ? parseInt(code, 16) : /^#[0-9]+$/.test(ref!) ? Number(ref!.slice(1)) : Number.NaN;
      if (!isXmlChar(cp)) return `has &${ref};, which is no character XML allows`;
    } else if (!PREDEFINED_ENTITIES.has(ref!) && !declaresEntities) {
      return `uses &${ref};, an entity XML does not define: write the character itself or its number (&#160; for &nbsp;)`;
    }
  }
  return null;
}

/** Walks tags, quoted attribute values and text: one root element, no `<` in a value, no `]]>` in text. */
function structureProblem(markup: string): string | null {
  let depth = 0;
  let roots = 0;
  let i = 0;
  while (i < markup.length) {
    const open = markup.indexOf("<", i);
    const text = markup.slice(i, open === -1 ? markup.length : open);
    if (text.includes("]]>")) return "has ]]> in text: write ]]&gt;";
    if (depth === 0 && text.trim() !== "") return "has text outside its root element";
    if (open === -1) break;
    if (markup.startsWith("<!", open)) {
      // the document type, its internal subset included; the validator checked its place
      const head = markup.indexOf(">", open);
      const subset = markup.indexOf("[", open);
      const close = subset !== -1 && subset < head ? markup.indexOf(">", markup.indexOf("]", subset)) : head;
      i = close === -1 ? markup.length : close + 1;
      continue;
    }
    let end = open + 1;
    let quote: string | null = null;
    for (; end < markup.length && (quote !== null || markup[end] !== ">"); end++) {
      const c = markup[end]!;
      if (quote !== null && c === "<") return "has < inside an attribute value: write &lt;";
      if (c === quote) quote = null;
      else if (quote === null && (c === '"' || c === "'")) quote = c;
    }
    const tag = markup.slice(open, end + 1);
    if (tag.startsWith("</")) depth--;
    else {
      if (depth === 0 && ++roots > 1) return "has more than one root element";
      if (!tag.endsWith("/>")) depth++;
    }
    i = end + 1;
  }
  return null;
}
