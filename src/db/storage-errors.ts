/** What the database's own failures mean to a client: the service is fine, its storage is not, for now. */
const STORAGE_FAILURES: Record<string, string> = {
  SQLITE_BUSY: "The database is locked by another process; try again shortly",
  SQLITE_LOCKED: "The database is locked by another process; try again shortly",
  SQLITE_READONLY: "The database is read-only: check the file's permissions and the disk",
  SQLITE_FULL: "The disk holding the database is full",
  SQLITE_IOERR: "The database file cannot be read or written (I/O error)",
  SQLITE_CANTOPEN: "The database file cannot be opened",
  // the connection was being reopened after another request's failure (see client.ts)
  CLIENT_CLOSED: "The database connection was being reopened; try again",
};

/** A person-readable reason when `err` is the database refusing (locked, read-only, full), else undefined. */
export function storageFailure(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string") return undefined;
  return STORAGE_FAILURES[code] ?? STORAGE_FAILURES[code.split("_").slice(0, 2).join("_")];
}
