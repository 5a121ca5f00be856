import type { FilterCondition, WebhookFilter } from "../db/webhook-choices.ts";
import { DATA_FIELDS, NOT_APPLICABLE, appliesTo } from "./data-fields.ts";

/** What a filter reads of an event: as templates see it, by the same dotted names. */
export interface FilterableEvent {
  uuid: string;
  type: string;
  ticketId: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export type FilterVerdict = { passes: true } | { passes: false; reason: string };

const FIELDS = new Map(DATA_FIELDS.map((f) => [f.name, f]));

function walk(value: unknown, path: string[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The value at a placeholder path (`ticket_type`, `backend_data.pms.room`, `event.ticket_id`),
 * as a template prints it: a documented field of another event type is `n/a`, one the box
 * left out is empty.
 */
function valueAt(event: FilterableEvent, field: string): unknown {
  const [head, ...rest] = field.split(".");
  if (head === "event") {
    const [name, ...inner] = rest;
    if (name === "data") return inner.length === 0 ? event.data : valueAt(event, inner.join("."));
    return { uuid: event.uuid, type: event.type, ticket_id: event.ticketId, created_at: event.createdAt }[name ?? ""];
  }
  const documented = FIELDS.get(head!);
  if (documented && !appliesTo(documented, event.type)) return rest.length === 0 ? NOT_APPLICABLE : undefined;
  return walk(event.data, [head!, ...rest]);
}

const text = (value: unknown): string => (value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** A number, or a time as epoch milliseconds, for the order ops; null when it is neither. */
function orderable(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const s = text(value).trim();
  if (s === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const time = Date.parse(s);
  return Number.isNaN(time) ? null : time;
}

function holds(condition: FilterCondition, actual: unknown): boolean {
  const shown = text(actual);
  const value = condition.value;
  switch (condition.op) {
    case "exists":
      return shown !== "" && shown !== NOT_APPLICABLE;
    case "not_exists":
      return shown === "" || shown === NOT_APPLICABLE;
    case "eq":
      return shown === text(value);
    case "ne":
      return shown !== text(value);
    case "in":
      return Array.isArray(value) && value.includes(shown);
    case "not_in":
      return !Array.isArray(value) || !value.includes(shown);
    case "starts_with":
      return shown.startsWith(text(value));
    default: {
      const a = orderable(actual);
      const b = orderable(value);
      if (a === null || b === null) return false;
      return condition.op === "gt" ? a > b : condition.op === "gte" ? a >= b : condition.op === "lt" ? a < b : a <= b;
    }
  }
}

/**
 * Whether an event passes a webhook's filter: every condition must hold. The reason names
 * the first that does not, as the event's view shows it ("ticket_type is parent").
 */
export function applyFilter(filter: WebhookFilter, event: FilterableEvent): FilterVerdict {
  for (const condition of filter) {
    const actual = valueAt(event, condition.field);
    if (!holds(condition, actual)) {
      const shown = text(actual);
      return { passes: false, reason: `${condition.field} is ${shown === "" ? "empty" : shown.length > 100 ? `${shown.slice(0, 100)}…` : shown}` };
    }
  }
  return { passes: true };
}
