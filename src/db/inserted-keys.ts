import type { InStatement, ResultSet } from "@libsql/client";

/**
 * Which keys a multi-row INSERT gave its rows, told by the driver's count and last rowid
 * instead of a RETURNING (which makes the INSERT return every row through the driver).
 * It holds for a table whose integer key grows (AUTOINCREMENT) written in a write
 * transaction: no other writer can come between, so the rows one statement inserted have
 * the largest keys up to its last one, in the order they were inserted.
 * - `all`: every row was inserted, the i-th with key `first + i`;
 * - `some`: `count` were; a row skipped (a conflict) may still have used up a key, so which
 *   keys they have is read back (`readBack`);
 * - `none`: nothing was inserted.
 */
export type InsertedKeys = { kind: "none" } | { kind: "all"; first: number } | { kind: "some"; last: number; count: number };

/** The keys the INSERT that answered `rs` gave, of the `rows` it was to insert. */
export function insertedKeys(rs: ResultSet, rows: number): InsertedKeys {
  const count = rs.rowsAffected;
  if (count === 0) return { kind: "none" };
  const last = Number(rs.lastInsertRowid);
  return count === rows ? { kind: "all", first: last - count + 1 } : { kind: "some", last, count };
}

/** Reads back `columns` of the rows of a `some` insert into `table`, in the order they were inserted. */
export function readBack(table: string, columns: string, keys: { last: number; count: number }): InStatement {
  return { sql: `SELECT * FROM (SELECT ${columns} FROM ${table} WHERE id <= ? ORDER BY id DESC LIMIT ?) ORDER BY id`, args: [keys.last, keys.count] };
}
