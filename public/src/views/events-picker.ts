import { errorFor, h } from "../dom.ts";
import type { EventType } from "../types.ts";

const GROUP_LABELS = { ticket: "Ticket events", system: "System events" } as const;
const WILDCARDS = [
  { pattern: "*", label: "All events, including future ones" },
  { pattern: "ticket.*", label: "All ticket events" },
  { pattern: "system.*", label: "All system events" },
  { pattern: "system.backup.*", label: "All backup events" },
];

/**
 * The events multiselect: grouped checkboxes with "all …" wildcards, and a text field
 * for custom types. A wildcard greys out the types it covers.
 */
export function eventsPicker(types: EventType[], selected: string[]) {
  const boxes = new Map<string, HTMLInputElement>();
  const box = (pattern: string, label: string, title?: string) => {
    const input = h("input", { type: "checkbox", value: pattern, checked: selected.includes(pattern), on: { change: sync } });
    boxes.set(pattern, input);
    return h("label", { class: "check", title }, input, ` ${label}`, h("code", {}, ` ${pattern}`));
  };
  const known = new Set([...types.map((t) => t.type), ...WILDCARDS.map((w) => w.pattern)]);
  const custom = h("input", {
    type: "text",
    placeholder: "custom.my_event, custom.*",
    value: selected.filter((p) => !known.has(p)).join(", "),
    on: { input: () => element.dispatchEvent(new Event("input", { bubbles: true })) },
  });
  custom.id = "f-events-custom";
  const groups = (["ticket", "system"] as const).map((group) =>
    h(
      "fieldset",
      {},
      h("legend", {}, GROUP_LABELS[group]),
      ...WILDCARDS.filter((w) => w.pattern.startsWith(`${group}.`)).map((w) => box(w.pattern, w.label)),
      ...types.filter((t) => t.group === group).map((t) => box(t.type, t.description, t.type)),
    ),
  );
  const element = h(
    "div",
    { class: "events", role: "group", "aria-label": "Events" },
    box("*", WILDCARDS[0]!.label),
    h("div", { class: "event-groups" }, ...groups),
    h("label", { for: custom.id }, "Custom event types (comma-separated)"),
    custom,
  );
  // the group is what the message describes; the summary's link goes to its first choice
  element.append(errorFor("events", element));

  function sync() {
    const chosen = value();
    for (const [pattern, input] of boxes) {
      const coveredBy = chosen.find((p) => p !== pattern && p.endsWith("*") && (p === "*" || pattern.startsWith(p.slice(0, -1))));
      input.disabled = Boolean(coveredBy);
    }
  }

  function value(): string[] {
    const checked = [...boxes].filter(([, input]) => input.checked).map(([pattern]) => pattern);
    const customTypes = custom.value.split(",").map((s) => s.trim()).filter(Boolean);
    return [...checked, ...customTypes];
  }

  sync();
  return { element, value };
}
