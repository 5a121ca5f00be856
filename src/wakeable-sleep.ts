/** A wait of `ms` that `wake()` ends early; `done` tells which ended it. */
export function wakeableSleep(ms: number): { done: Promise<"elapsed" | "woken">; wake: () => void } {
  let wake!: () => void;
  const done = new Promise<"elapsed" | "woken">((resolve) => {
    const timer = setTimeout(() => resolve("elapsed"), ms);
    wake = () => {
      clearTimeout(timer);
      resolve("woken");
    };
  });
  return { done, wake };
}
