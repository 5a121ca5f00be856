/**
 * Many rows in one statement whose text does not grow with them: the rows travel as one
 * JSON argument and `json_each` reads them back. A VALUES list is compiled anew, tuple
 * by tuple, on every call (there is no statement cache), which for hundreds of rows costs
 * more than writing them; JSON numbers, strings and nulls come back as SQL integers,
 * reals, text and NULL.
 */
export function jsonRows(rows: unknown[][]): string {
  // JSON would carry a lone UTF-16 surrogate as an escape that SQLite stores as invalid
  // UTF-8, which the driver cannot read back: it becomes U+FFFD, as a bound string does.
  return JSON.stringify(rows.map((row) => row.map((v) => (typeof v === "string" ? v.toWellFormed() : v))));
}

/** `v.value->>0, v.value->>1, …`: `count` columns of a `json_each` row named `alias`, in order from `first`. */
export function jsonColumns(count: number, alias: string, first = 0): string {
  return Array.from({ length: count }, (_, i) => `${alias}.value->>${first + i}`).join(", ");
}
