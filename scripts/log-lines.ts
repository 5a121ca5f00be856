/**
 * Collects a child process's output line by line. `waitForLine` resolves with the first
 * line, already seen or yet to come, that matches, or with null after `timeoutMs`.
 */
export function collectLines(stream: ReadableStream<Uint8Array>) {
  const lines: string[] = [];
  const waiters = new Set<{ match: (line: string) => boolean; resolve: (line: string | null) => void }>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        lines.push(line);
        for (const waiter of waiters) if (waiter.match(line)) waiter.resolve(line);
      }
    }
  })();
  function waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string | null> {
    const seen = lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const waiter = { match, resolve: (line: string | null) => (clearTimeout(timer), waiters.delete(waiter), resolve(line)) };
      const timer = setTimeout(() => waiter.resolve(null), timeoutMs);
      waiters.add(waiter);
    });
  }
  return { lines, waitForLine };
}
