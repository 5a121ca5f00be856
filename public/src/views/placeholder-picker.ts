import { h } from "../dom.ts";
import type { Placeholder } from "../types.ts";

type TemplateField = HTMLInputElement | HTMLTextAreaElement;

/** What a template field holds: a JSON or XML body, or text (the URL, header lines). */
export type TemplateKind = "json" | "xml" | "text";

/** Whether the end of `text` is inside a JSON string literal: an odd number of unescaped quotes before it. */
function insideJsonString(text: string): boolean {
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    if (inside && text[i] === "\\") i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}

/**
 * The tag that works at a place in a template: `{{name}}` (escaped for where it lands) in
 * the URL, header lines, XML and inside a JSON string. Outside quotes in JSON a value is
 * needed: the event's own objects (`event.data`) are always there and go in raw,
 * `{{{event.data}}}`; any data field may be empty (the box sends a field it has no value
 * for empty, and the API refuses a body that would then not be JSON), so it goes in quoted.
 */
export function placeholderTag(placeholder: Placeholder, kind: TemplateKind, before: string): string {
  const { name, type } = placeholder;
  if (kind !== "json" || insideJsonString(before)) return `{{${name}}}`;
  if (type === "json" && name.startsWith("event.")) return `{{{${name}}}}`;
  return `"{{${name}}}"`;
}

/** Placeholders as buttons: a click inserts the tag that works where the cursor was in the last template field. */
export function placeholderPicker(placeholders: Placeholder[], targets: { field: TemplateField; kind: () => TemplateKind }[], onInsert: () => void) {
  let last = targets.at(-1)!;
  for (const t of targets) t.field.addEventListener("focus", () => (last = t));
  const insert = (placeholder: Placeholder) => {
    const { field } = last;
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    const tag = placeholderTag(placeholder, last.kind(), field.value.slice(0, start));
    field.value = field.value.slice(0, start) + tag + field.value.slice(end);
    field.focus();
    field.setSelectionRange(start + tag.length, start + tag.length);
    onInsert();
  };
  return h(
    "details",
    { class: "placeholders", open: true },
    h("summary", {}, "Placeholders (click to insert)"),
    h(
      "ul",
      {},
      ...placeholders.map((p) =>
        h("li", {}, h("button", { type: "button", class: "chip", title: p.description, on: { click: () => insert(p) } }, p.name), h("span", { class: "hint" }, ` ${p.type} – ${p.description}`)),
      ),
    ),
  );
}
