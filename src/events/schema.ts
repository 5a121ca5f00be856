import { z } from "zod";
import { storedText } from "../db/stored-text.ts";
import { eventTypeProblem } from "./catalogue.ts";
import { DATA_FIELDS, type DataField, type DataFieldType } from "./data-fields.ts";
import type { WebhookEvent } from "./event.ts";
import { EPOCH_MS_FROM, readTimestamp, TIMESTAMP_FORMS } from "./timestamp.ts";
import { uuidV7 } from "./uuid-v7.ts";

const MAX_TEXT = 10_000;

/** "Unknown" may be sent as an empty string or null; it renders empty either way. */
const isAbsent = (value: unknown) => value === "" || value === null;

// One schema per field type: what a sender may send (which the API document shows), then
// the conversion to what is stored. Each says what the field takes, not "Invalid input".
const INT_MESSAGE = "must be a whole number (or a string of digits)";
const intValue = z
  .union([z.number().int(INT_MESSAGE), z.string().regex(/^-?\d{0,15}$/, INT_MESSAGE), z.null()], INT_MESSAGE)
  .optional()
  .pipe(
    z.preprocess(
      (v) => (isAbsent(v) ? undefined : typeof v === "string" ? Number(v) : v),
      z.number(INT_MESSAGE).int(INT_MESSAGE).safe("is too large").optional(),
    ),
  );

const textValue = z.preprocess(
  (v) => (v === null ? undefined : v),
  z.string("must be a string").max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`).optional(),
);

/** Any form a time arrives in, stored (and so delivered) as ISO 8601 UTC; see timestamp.ts. */
const timestampValue = z
  .union([z.string().max(100), z.number(), z.null()], `must be ${TIMESTAMP_FORMS}`)
  .meta({
    description: `ISO 8601 with an offset, or Unix time: seconds below ${EPOCH_MS_FROM}, milliseconds from there on; stored and delivered as ISO 8601 UTC to the second (2026-12-03T10:15:00Z)`,
  })
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || isAbsent(v)) return undefined;
    const reading = readTimestamp(v);
    if (reading.kind === "time") return reading.utc;
    if (reading.kind === "invalid") ctx.addIssue({ code: "custom", message: reading.reason, input: v });
    return undefined;
  });

/**
 * A field with the vendor's closed set of values: anything else names the set. An int
 * field's values may come as numbers or as strings of digits, and are stored as numbers.
 */
function oneOf(values: readonly string[], type: DataFieldType) {
  const asNumbers = type === "int" ? values.map((v) => z.literal(Number(v))) : [];
  return z
    .union([z.enum(values), ...asNumbers, z.literal(""), z.null()], `must be one of ${values.join(", ")}`)
    .optional()
    .transform((v) => (v === undefined || isAbsent(v) ? undefined : type === "int" ? Number(v) : v));
}

const BACKEND_DATA_MESSAGE = "must be a JSON object, or a string holding a JSON object";

/** `backend_data` as a JSON object, or a string holding one (as the box's PMS backends write it). */
const backendData = z
  .union([z.record(z.string(), z.unknown()), z.string(), z.null()], BACKEND_DATA_MESSAGE)
  .optional()
  .pipe(
    z.preprocess(
      (v) => {
        if (isAbsent(v) || (typeof v === "string" && v.trim() === "")) return undefined;
        if (typeof v !== "string") return v;
        try {
          return JSON.parse(v);
        } catch {
          return v;
        }
      },
      z.record(z.string(), z.unknown(), BACKEND_DATA_MESSAGE).optional(),
    ),
  );

const FIELD_SCHEMAS: Record<DataFieldType, z.ZodType> = { int: intValue, string: textValue, timestamp: timestampValue };

/**
 * A field's schema, `.optional()` outermost: an absent field is passed over at once, where
 * its own schema (a union, a pipe) would run on `undefined` only to make nothing; an event
 * carries a few of the fields, and each one absent cost more than one present.
 */
function fieldSchema(field: DataField): z.ZodType {
  const schema = field.name === "backend_data" ? backendData : field.values ? oneOf(field.values, field.type) : FIELD_SCHEMAS[field.type];
  return schema.optional();
}

/** Deeper than this, data is not event data but an attack on every recursive step after it. */
const MAX_DATA_DEPTH = 32;

/** Whether `value` nests objects or arrays deeper than `limit`; iterative, so no input can exhaust the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The data fields, validated by type; fields not in the table are kept as sent. */
export const EventDataSchema = z
  .looseObject(
    Object.fromEntries(DATA_FIELDS.map((f) => [f.name, fieldSchema(f)])),
  )
  .superRefine((data, ctx) => {
    if (nestedDeeperThan(data, MAX_DATA_DEPTH)) {
      ctx.addIssue({ code: "custom", message: `is nested too deeply (more than ${MAX_DATA_DEPTH} levels)` });
    }
  });

/** An event as a script sends it. */
export const EventInputSchema = z
  .strictObject({
  type: z.string().superRefine((type, ctx) => {
    const problem = eventTypeProblem(type);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  uuid: z.uuid("must be a UUID such as 3f1c2a9e-7b1d-4c55-9a53-2e0d6c1f8b42").optional(),
  created_at: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date and time, e.g. 2026-11-28T12:00:00Z" })
    .optional(),
  ticket_id: z.union([storedText(200), z.number().int()]).optional(),
  data: EventDataSchema.optional(),
  })
  .meta({ id: "EventInput" });

export type EventInput = z.infer<typeof EventInputSchema>;

/** The data fields of one event type only, and that type: left out rather than deleted, which would slow every later use of the object. */
const ONLY_FOR = new Map(DATA_FIELDS.flatMap((f) => (f.onlyFor === undefined ? [] : [[f.name, f.onlyFor]])));

/**
 * Fills in what a sender may leave out: a new uuid (time-ordered), now, empty ticket id
 * and data. A field that belongs to another event type is dropped, whatever was sent:
 * it is delivered as `n/a` (see templateView), and the log shows no value the sender chose.
 */
export function normaliseEvent(input: EventInput, now: Date): WebhookEvent {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.data ?? {})) {
    const onlyFor = ONLY_FOR.get(key);
    if (value !== undefined && (onlyFor === undefined || onlyFor === input.type)) data[key] = value;
  }
  return {
    uuid: (input.uuid ?? uuidV7(now.getTime())).toLowerCase(),
    type: input.type,
    createdAt: new Date(input.created_at ?? now).toISOString(),
    ticketId: input.ticket_id === undefined ? "" : String(input.ticket_id),
    data,
  };
}
