/**
 * The `timestamp_*` data fields arrive in whatever form the box's scripts have at hand
 * (Unix time in seconds or milliseconds, ISO 8601 with an offset) and are delivered in
 * one: ISO 8601 in UTC to the second, `2026-12-03T10:15:00Z`. A ticket's times matter
 * to the second; a fraction is dropped so that every value has the same form.
 */
export type TimestampReading =
  | { kind: "time"; utc: string }
  /** `0`: the epoch itself is never a ticket's time, only a sender's "none" */
  | { kind: "unknown" }
  | { kind: "invalid"; reason: string };

/**
 * A number below this is seconds (up to the year 5138), from it on milliseconds (from
 * March 1973): no ticket time is before 1973, so the two ranges never meet in practice.
 */
export const EPOCH_MS_FROM = 100_000_000_000;

/** 9999-12-31T23:59:59Z: beyond it the form would need a fifth digit for the year. */
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The forms a sent time may take, for messages. */
export const TIMESTAMP_FORMS =
  "a date and time with its offset (2026-12-03T10:15:00Z, 2026-12-03T11:15:00+01:00) or Unix time in seconds or milliseconds";

const ISO =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,]\d+)?)?(?<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const OFFSET = /^(?<sign>[+-])(?<hours>\d{2}):?(?<minutes>\d{2})?$/;
const EPOCH_TEXT = /^\d{1,16}(?:\.\d+)?$/;

const notATime = (problem = "is not a time"): TimestampReading => ({ kind: "invalid", reason: `${problem}: use ${TIMESTAMP_FORMS}` });

function fromEpochMs(ms: number): TimestampReading {
  if (ms < 0 || ms > LATEST_MS) return notATime("is outside the years 1970 to 9999");
  return { kind: "time", utc: `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z` };
}

function fromEpoch(value: number): TimestampReading {
  if (value === 0) return { kind: "unknown" };
  return fromEpochMs(value < EPOCH_MS_FROM ? value * 1000 : value);
}

/** Minutes east of UTC, or null when the offset is no real one. */
function offsetMinutes(offset: string): number | null {
  if (offset === "Z" || offset === "z") return 0;
  const { sign, hours, minutes = "00" } = OFFSET.exec(offset)!.groups!;
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  return (Number(hours) * 60 + Number(minutes)) * (sign === "-" ? -1 : 1);
}

function fromIso(text: string): TimestampReading {
  const parts = ISO.exec(text)?.groups;
  if (!parts) return notATime();
  if (!parts.offset) return { kind: "invalid", reason: "has no offset, so the time depends on a time zone: add Z for UTC, or e.g. +01:00" };
  const [year, month, day, hour, minute, second] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second ?? "0"].map(Number) as [
    number, number, number, number, number, number,
  ];
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const offset = offsetMinutes(parts.offset);
  // Date.UTC rolls 31 April over to 1 May: such a text names no day
  const exists = local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day;
  if (!exists || hour > 23 || minute > 59 || second > 59 || offset === null) return notATime("is not a valid date and time");
  return fromEpochMs(local.getTime() - offset * 60_000);
}

/** Reads a sent `timestamp_*` value (known not to be empty) into its delivered form. */
export function readTimestamp(value: string | number): TimestampReading {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? fromEpoch(value) : notATime();
  const text = value.trim();
  return EPOCH_TEXT.test(text) ? fromEpoch(Number(text)) : fromIso(text);
}
