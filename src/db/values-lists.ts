import type { InStatement, InValue } from "@libsql/client";

/**
 * The sizes of the VALUES lists many rows are written in, largest first. A statement's
 * text then is one of a few whatever the number of rows, each compiled once and kept
 * (db/local-client.ts), and its values are bound as they are: for the attempts of a
 * group this costs half of what one JSON argument read back by `json_each` did, which
 * SQLite parses again for every column of every row.
 */
export const LIST_SIZES = [64, 16, 4, 1] as const;

/** The most rows one list holds. */
export const MAX_LIST_ROWS = LIST_SIZES[0];

/** One VALUES list: `(?, ?), (?, ?)`, its values in order, and the rows it holds. */
export interface ValuesList {
  values: string;
  args: InValue[];
  rows: readonly InValue[][];
}

const texts = new Map<string, string>();

function listText(width: number, rows: number): string {
  const key = `${width}x${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    const row = `(${Array.from({ length: width }, () => "?").join(", ")})`;
    texts.set(key, (text = Array.from({ length: rows }, () => row).join(", ")));
  }
  return text;
}

/**
 * The rows (each as wide as the first) as VALUES lists of the sizes in `LIST_SIZES`, in
 * order: as many of the largest as fit, then of the next. Strings are bound as the
 * driver binds them: a lone UTF-16 surrogate becomes U+FFFD.
 */
export function* valuesLists(rows: readonly InValue[][]): Generator<ValuesList> {
  const width = rows[0]?.length ?? 0;
  let from = 0;
  while (from < rows.length) {
    const size = LIST_SIZES.find((s) => s <= rows.length - from)!;
    const slice = rows.slice(from, from + size);
    yield { values: listText(width, size), args: slice.flat(), rows: slice };
    from += size;
  }
}

/**
 * A statement around a VALUES list, its text made once per list size and then given as
 * the very same string: the cache of compiled statements (db/local-client.ts) finds it by
 * identity, where a text built anew (kilobytes, for 64 rows) is hashed and compared whole
 * on every call.
 */
export function listStatement(text: (values: string) => string): (values: string) => string {
  const made = new Map<string, string>();
  return (values) => {
    let sql = made.get(values);
    if (sql === undefined) made.set(values, (sql = text(values)));
    return sql;
  };
}

/** The statements that write `rows`, a VALUES list each, as `text` (a `listStatement`) words them. */
export function inLists(rows: readonly InValue[][], text: (values: string) => string): InStatement[] {
  return [...valuesLists(rows)].map(({ values, args }) => ({ sql: text(values), args }));
}

/** `v.column1, v.column2, …`: `count` columns of a VALUES list named `alias`, from the `first` (1-based). */
export function listColumns(count: number, alias: string, first = 1): string {
  return Array.from({ length: count }, (_, i) => `${alias}.column${first + i}`).join(", ");
}
