import { z } from "zod";

/**
 * A string the database keeps whole, at most `max` characters. The driver binds text as
 * a C string, so everything after a NUL would be lost: a name or password stored shorter
 * than sent, a template stored other than checked. Refused at the edge instead.
 */
export function storedText(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes("\u0000"), "must not contain the NUL character (\\u0000)");
}
