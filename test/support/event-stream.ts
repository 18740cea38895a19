/** One server-sent event as read off the wire. */
export interface StreamEvent {
  event: string;
  id?: string;
  data: any;
}

export interface EventStream {
  /** Every event received so far, in order. */
  events: StreamEvent[];
  /** Resolves with the first event (already received or arriving) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server has ended the stream (not when `close` aborted it). */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens `/api/events` with plain `fetch` and parses the stream (`event:`,
 * `id:`, `data:` lines, blank line between events). Resolves once the server
 * has sent its first bytes, i.e. once the subscription is live. `cookie` may
 * be empty when `headers` authenticate (e.g. `authorization: Bearer …`);
 * `query` is appended to the path (e.g. `?tab=…`).
 */
export async function openEventStream(baseUrl: string, cookie: string, headers: Record<string, string> = {}, query = ''): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/events${query}`, {
    headers: { ...(cookie ? { cookie } : {}), accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) throw new Error(`event stream failed: ${response.status}`);
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';

  const take = (block: string) => {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const text = data.join('\n');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    events.push({ event, id, data: parsed });
    for (const wake of waiters) wake();
  };

  const first = await reader.read();
  const consume = (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      take(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  };
  if (!first.done) consume(first.value);
  const ended = (async () => {
    if (first.done) return;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        consume(value);
      }
    } catch {
      // aborted by close(): never counts as ended by the server
      await new Promise<never>(() => undefined);
    }
  })();

  return {
    events,
    ended,
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(events)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
}
