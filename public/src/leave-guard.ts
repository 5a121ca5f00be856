/** Asks before leaving a view discards a form's unsaved edits; a form sets it while it is shown. */
let guard: (() => Promise<boolean>) | null = null;

export function setLeaveGuard(mayLeave: () => Promise<boolean>): void {
  guard = mayLeave;
}

/** Whether the page may leave the current view now (asking if need be). */
export async function mayLeave(): Promise<boolean> {
  return guard ? guard() : true;
}

/** The page is leaving, with leave: nothing more to ask until a form sets a guard again. */
export function leaving(): void {
  guard = null;
}
