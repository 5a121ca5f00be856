import { FILTER_OPS, type FilterCondition } from "../../../src/db/webhook-choices.ts";
import { errorFor, h, localInputTime, replace } from "../dom.ts";
import type { Placeholder } from "../types.ts";

type Op = (typeof FILTER_OPS)[number];

/** The operators in words, as an admin reads a condition: "ticket_type is not parent". */
const OP_LABELS: Record<Op, string> = {
  eq: "is",
  ne: "is not",
  in: "is one of",
  not_in: "is none of",
  starts_with: "starts with",
  exists: "is set",
  not_exists: "is empty or not set",
  gt: "is more than / after",
  gte: "is at least / from",
  lt: "is less than / before",
  lte: "is at most / until",
};
const NO_VALUE: readonly Op[] = ["exists", "not_exists"];
const LIST: readonly Op[] = ["in", "not_in"];
const ORDER: readonly Op[] = ["gt", "gte", "lt", "lte"];

function shown(value: FilterCondition["value"]): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** One condition's controls; its messages' places are made anew whenever the rows are numbered again. */
function conditionRow(types: Map<string, Placeholder["type"]>, initial: Partial<FilterCondition>) {
  const field = h("input", { type: "text", value: initial.field ?? "", spellcheck: false, placeholder: "ticket_type, backend_data.pms.room" });
  // the catalogue to pick from; anything else may be typed (a property only to read, so an attribute)
  field.setAttribute("list", "filter-fields");
  const op = h("select", {}, ...FILTER_OPS.map((o) => h("option", { value: o, selected: o === (initial.op ?? "eq") }, OP_LABELS[o])));
  const value = h("input", { type: "text", spellcheck: false });
  const remove = h("button", { type: "button", class: "link" }, "Remove");
  /** What the value input is for: none, a list, a number, a time or text, by the operator and the field's type. */
  const fitValue = () => {
    const o = op.value as Op;
    const type = types.get(field.value.trim());
    value.parentElement!.hidden = NO_VALUE.includes(o);
    const kind = ORDER.includes(o) && type === "timestamp" ? "datetime-local" : ORDER.includes(o) && type === "int" ? "number" : "text";
    if (value.type !== kind) {
      value.type = kind;
      // a value typed for another kind would show in a way it cannot be read back
      if (kind !== "text") value.value = "";
    }
    value.placeholder = LIST.includes(o) ? "single, child (a comma between values)" : ORDER.includes(o) && kind === "text" ? "a number or a time, e.g. 2026-12-01T08:00" : "";
  };
  const read = (): Record<string, unknown> => {
    const o = op.value as Op;
    const condition: Record<string, unknown> = { field: field.value.trim(), op: o };
    const raw = value.value.trim();
    // left out when empty: the API then says the value is needed, at this row
    if (NO_VALUE.includes(o) || raw === "") return condition;
    if (LIST.includes(o)) condition.value = raw.split(",").map((v) => v.trim()).filter((v) => v !== "");
    else if (value.type === "datetime-local") condition.value = new Date(raw).toISOString();
    else if (ORDER.includes(o) && /^-?\d+(\.\d+)?$/.test(raw)) condition.value = Number(raw);
    else condition.value = raw;
    return condition;
  };
  return { field, op, value, remove, fitValue, read, initialValue: initial.value };
}

type Row = ReturnType<typeof conditionRow>;

/** A control's label with the row it is in, for screen readers and the error summary ("Field of condition 2"). */
function labelled(control: HTMLElement, path: string, label: string, n: number) {
  control.id = "";
  const error = errorFor(path, control);
  return h("div", { class: "field" }, h("label", { for: control.id }, label, h("span", { class: "visually-hidden" }, ` of condition ${n}`)), control, error);
}

/**
 * A webhook's filter as rows of field (from the placeholder catalogue, or any
 * backend_data.* path typed), operator and value; the API's messages beside each row.
 */
export function filterEditor(placeholders: Placeholder[], initial: FilterCondition[]) {
  const types = new Map(placeholders.map((p) => [p.name, p.type]));
  const rows: Row[] = [];
  const list = h("div", { class: "filter-rows" });
  const group = h("div", { class: "filter-editor", role: "group", "aria-label": "Filter" });
  const changed = () => group.dispatchEvent(new Event("input", { bubbles: true }));

  const draw = () => {
    replace(
      list,
      ...rows.map((row, i) => {
        const n = i + 1;
        row.remove.setAttribute("aria-label", `Remove condition ${n}`);
        const valueField = labelled(row.value, `filter.${i}.value`, "Value", n);
        const line = h(
          "div",
          { class: "filter-row" },
          labelled(row.field, `filter.${i}.field`, "Field", n),
          labelled(row.op, `filter.${i}.op`, "Operator", n),
          valueField,
          h("div", { class: "filter-remove" }, row.remove),
        );
        row.fitValue();
        return line;
      }),
    );
    empty.hidden = rows.length > 0;
  };
  const add = (condition: Partial<FilterCondition>) => {
    const row = conditionRow(types, condition);
    row.field.addEventListener("input", row.fitValue);
    row.op.addEventListener("change", row.fitValue);
    row.remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      draw();
      changed();
      (list.querySelector<HTMLElement>(".filter-row:last-child input") ?? addButton).focus();
    });
    rows.push(row);
  };

  const empty = h("p", { class: "hint" }, "No conditions: every event of the chosen types is sent.");
  const addButton = h(
    "button",
    {
      type: "button",
      on: {
        click: () => {
          add({});
          draw();
          changed();
          rows.at(-1)!.field.focus();
        },
      },
    },
    "Add a condition",
  );
  for (const condition of initial) add(condition);
  draw();
  // the value set once its input has the type that reads it (a time, a number)
  for (const row of rows) row.value.value = row.value.type === "datetime-local" && typeof row.initialValue === "string" ? localInputTime(new Date(row.initialValue)) : shown(row.initialValue);

  replace(
    group,
    h("p", { class: "hint intro" }, "Send only events that meet every condition, e.g. ticket_type is not parent. Any backend_data path can be typed, e.g. backend_data.pms.room."),
    h("datalist", { id: "filter-fields" }, ...placeholders.map((p) => h("option", { value: p.name }, p.description))),
    empty,
    list,
    h("div", { class: "actions" }, addButton),
    errorFor("filter", group),
  );
  return { element: group, value: () => rows.map((r) => r.read()) };
}
