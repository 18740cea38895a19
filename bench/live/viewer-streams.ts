import { Agent, request } from 'node:http';

/** A `change` event as one viewer received it. */
export interface Delivery {
  /** `performance.now()` when the bytes were read. */
  at: number;
  /** The keys the event carried, as JSON text (checked against what the viewer may read). */
  keys: string;
}

/** One open `GET /api/events` connection. */
export interface Viewer {
  /** The user the stream belongs to. */
  username: string;
  /** Change events by changeset id. */
  received: Map<string, Delivery>;
  /** Called at every change event with its changeset id (the benchmark's wake-up). */
  onChange?: (changesetId: string) => void;
  /** Set when the stream ended or failed. */
  closed?: string;
  close(): void;
}

const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/**
 * Opens a server-sent event stream with a session cookie and records when
 * each `change` event arrives. The parsing is kept to what the measurement
 * needs (event name, id and the keys) so that 1,000 streams in one process
 * cost the client as little as possible.
 */
export function openViewer(baseUrl: string, cookie: string, username: string): Promise<Viewer> {
  return new Promise((resolve, reject) => {
    const viewer: Viewer = { username, received: new Map(), close: () => req.destroy() };
    const req = request(`${baseUrl}/api/events`, { agent, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`event stream for ${username} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        const at = performance.now();
        if (!opened) {
          opened = true;
          resolve(viewer);
        }
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          take(viewer, buffer.slice(0, end), at);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => (viewer.closed ??= 'ended by the server'));
      res.on('error', (error) => (viewer.closed ??= error.message));
    });
    req.on('error', (error) => {
      viewer.closed ??= error.message;
      reject(error);
    });
    req.end();
  });
}

function take(viewer: Viewer, frame: string, at: number): void {
  if (!frame.startsWith('event: change\n')) return;
  const idLine = frame.indexOf('\nid: ');
  const dataLine = frame.indexOf('\ndata: ');
  if (idLine < 0 || dataLine < 0) return;
  const id = frame.slice(idLine + 5, frame.indexOf('\n', idLine + 1));
  const data = frame.slice(dataLine + 7);
  const keysAt = data.indexOf('"keys":');
  const keys = keysAt < 0 ? '' : data.slice(keysAt + 7, data.indexOf(']', keysAt) + 1);
  viewer.received.set(id, { at, keys });
  viewer.onChange?.(id);
}
