/**
 * The event types the box emits (names are part of the API contract) and the pattern
 * language a webhook subscribes with: an exact type, `prefix.*` for every type below
 * that prefix, or `*` for all. Future event types are allowed under `custom.` only.
 */
export const EVENT_GROUPS = ["ticket", "system"] as const;

export interface EventTypeInfo {
  type: string;
  group: (typeof EVENT_GROUPS)[number];
  description: string;
}

export const EVENT_TYPES: readonly EventTypeInfo[] = [
  { type: "ticket.logged_in", group: "ticket", description: "A ticket logged in (first login or automatic reconnect)" },
  { type: "ticket.logged_out", group: "ticket", description: "A ticket logged out" },
  { type: "ticket.logged_out.timeout", group: "ticket", description: "A ticket was logged out after its idle timeout" },
  {
    type: "ticket.logged_out.limit_exceeded",
    group: "ticket",
    description: "A ticket was logged out because a limit (time or volume) was used up",
  },
  { type: "ticket.revoked", group: "ticket", description: "A ticket was revoked" },
  { type: "system.started", group: "system", description: "The system (re)started" },
  { type: "system.userlimit_exceeded", group: "system", description: "The licensed user limit was exceeded" },
  { type: "system.backup.started", group: "system", description: "A backup started" },
  { type: "system.backup.done", group: "system", description: "A backup finished successfully" },
  { type: "system.backup.error", group: "system", description: "A backup failed" },
];

const KNOWN_TYPES = new Set(EVENT_TYPES.map((e) => e.type));
const CUSTOM_PREFIX = "custom.";
const SEGMENT = /^[a-z0-9_]+$/;
/** Stored with every event and delivery, and shown in the log: a name, not a payload. */
const MAX_CUSTOM_TYPE = 100;

/** A type as a metric label: custom types are one label, so a script inventing names cannot grow /metrics without end. */
export function typeLabel(type: string): string {
  return KNOWN_TYPES.has(type) ? type : "custom";
}

/** Why `type` cannot be an event type, or null when it can (a known one or `custom.<name>`). */
export function eventTypeProblem(type: string): string | null {
  if (KNOWN_TYPES.has(type)) return null;
  if (type.length > MAX_CUSTOM_TYPE) return `a custom event type must be at most ${MAX_CUSTOM_TYPE} characters`;
  if (type.startsWith(CUSTOM_PREFIX)) {
    const segments = type.split(".");
    if (segments.length >= 2 && segments.every((s) => SEGMENT.test(s))) return null;
    return `'${type}' is not a valid custom event type: use custom.<name> with lower-case letters, digits and _`;
  }
  return `unknown event type '${type}': use one of ${EVENT_TYPES.map((e) => e.type).join(", ")}, or custom.<name>`;
}

/** Why `pattern` cannot be a webhook subscription, or null when it can. */
export function eventPatternProblem(pattern: string): string | null {
  if (pattern === "*") return null;
  if (!pattern.endsWith(".*")) return eventTypeProblem(pattern);
  const prefix = pattern.slice(0, -1);
  if (prefix.startsWith(CUSTOM_PREFIX)) {
    const valid = prefix.slice(0, -1).split(".").every((s) => SEGMENT.test(s));
    return valid ? null : `'${pattern}' is not a valid wildcard: use lower-case letters, digits and _ before '.*'`;
  }
  if (EVENT_TYPES.some((e) => e.type.startsWith(prefix))) return null;
  return `wildcard '${pattern}' matches no event type: use '*', a group such as 'ticket.*' or 'system.backup.*', or an exact type`;
}

/** Does a subscription pattern (already valid) match an event type? */
export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** The known event types a set of patterns subscribes to, in catalogue order. */
export function knownTypesMatching(patterns: readonly string[]): string[] {
  return EVENT_TYPES.map((e) => e.type).filter((type) => patterns.some((p) => matchesEventPattern(p, type)));
}
