import { describe, expect, it } from 'vitest';
import { indexParts, streamIndex } from './index-page.js';

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <title>Roundtrip</title>
    <script>early()</script>
    <template id="app-code"><script type="module" crossorigin src="/assets/index-A.js"></script></template>
  </head>
  <body><div id="root"></div></body>
</html>`;

/** The stream's chunks as they come, each with whether the answer had settled by then. */
async function chunks(stream: NodeJS.ReadableStream, settled: () => boolean): Promise<{ text: string; afterAnswer: boolean }[]> {
  const out: { text: string; afterAnswer: boolean }[] = [];
  for await (const chunk of stream) out.push({ text: String(chunk), afterAnswer: settled() });
  return out;
}

function answerAfter(ms: number, value: unknown) {
  const state = { settled: false };
  const promise = new Promise<unknown>((resolve) =>
    setTimeout(() => {
      state.settled = true;
      resolve(value);
    }, ms),
  );
  return { promise, settled: () => state.settled };
}

describe('the page streamed with its opening answer', () => {
  it('sends the head at once and the answer, in the head, when it is computed', async () => {
    const answer = answerAfter(50, { ok: true });
    const received = await chunks(streamIndex(indexParts(HTML), answer.promise), answer.settled);
    expect(received[0]).toMatchObject({ afterAnswer: false });
    expect(received[0]!.text).toContain('<script>early()</script>');
    expect(received[0]!.text).not.toContain('</head>');
    const page = received.map((c) => c.text).join('');
    expect(page.indexOf('id="first-view-data"')).toBeLessThan(page.indexOf('</head>'));
    expect(page).toContain('{"ok":true}');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    expect(() => indexParts('<html></html>', 'x.html')).toThrow(/x\.html has no <\/head>/);
  });

  it('sends the answer as data that cannot close its element, and none for a page without one', async () => {
    const hostile = (await chunks(streamIndex(indexParts(HTML), Promise.resolve({ note: '</script><script>alert(1)</script>' })), () => true))
      .map((c) => c.text)
      .join('');
    expect(hostile).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect(hostile).not.toContain('<script>alert(1)');
    const none = (await chunks(streamIndex(indexParts(HTML), Promise.resolve(undefined)), () => true)).map((c) => c.text).join('');
    expect(none).not.toContain('first-view-data');
    expect(none).toContain('<div id="root"></div>');
  });
});
