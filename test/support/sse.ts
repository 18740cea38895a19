export interface ServerSentEvent {
  event: string;
  data: string;
}

/** Opens GET /api/events with a session cookie and lets a test wait for matching events. */
export async function readServerSentEvents(baseUrl: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events`, { headers: { cookie }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`events stream failed: ${response.status}`);
  const received: ServerSentEvent[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) received.push({ event, data });
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  let cursor = 0;
  return {
    received,
    /** The next event (after those already returned) that matches, or a timeout error. */
    async next(match: (e: ServerSentEvent) => boolean, timeoutMs: number): Promise<ServerSentEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < received.length) {
          const candidate = received[cursor++]!;
          if (match(candidate)) return candidate;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no matching server-sent event arrived in time');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => controller.abort(),
  };
}
