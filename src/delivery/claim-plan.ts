/** `items`, starting at the one `turn` picks and wrapping round, so that none always goes first. */
export function inTurn<T>(items: T[], turn: number): T[] {
  const start = items.length === 0 ? 0 : turn % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/**
 * Which of the due deliveries a pass claims, when `room` may not hold them all: the
 * first of each webhook's list, then the second of each, and so on, starting with a
 * different webhook each pass (`turn`), so no endpoint waits behind others' backlogs.
 *
 * A webhook is drained when fewer were due than its limit asked for and every one of
 * them was taken: only then can its finished sends skip asking for another pass.
 */
export function planClaims(
  due: Map<number, number[]>,
  limits: Map<number, number>,
  room: number,
  turn: number,
): { ids: number[]; drained: Set<number> } {
  const rotated = inTurn([...due], turn);
  const ids: number[] = [];
  const takenPer = new Map<number, number>();
  for (let i = 0; ids.length < room && rotated.some(([, list]) => i < list.length); i++) {
    for (const [webhookId, list] of rotated) {
      if (i >= list.length || ids.length >= room) continue;
      ids.push(list[i]!);
      takenPer.set(webhookId, i + 1);
    }
  }
  const drained = new Set<number>();
  for (const [webhookId, limit] of limits) {
    const list = due.get(webhookId) ?? [];
    if (list.length < limit && (takenPer.get(webhookId) ?? 0) === list.length) drained.add(webhookId);
  }
  return { ids, drained };
}
