/** What the database's own failures mean to a client: the service is fine, its storage is not, for now. */
const STORAGE_FAILURES: Record<string, string> = {
  SQLITE_BUSY: "The database is locked by another process; try again shortly",
  SQLITE_LOCKED: "The database is locked by another process; try again shortly",
  SQLITE_READONLY: "The database is read-only: check the file's permissions and the disk",
  SQLITE_FULL: "The disk holding the database is full",
  SQLITE_IOERR: "The database file cannot be read or written (I/O error)",
  SQLITE_CANTOPEN: "The database file cannot be opened",
  // a request still under way as the service stops and closes the database
  CLIENT_CLOSED: "The database is closed: the service is stopping; try again shortly",
};

/** A person-readable reason when `err` is the database refusing (locked, read-only, full), else undefined. */
export function storageFailure(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string") return undefined;
  return STORAGE_FAILURES[code] ?? STORAGE_FAILURES[code.split("_").slice(0, 2).join("_")];
}
