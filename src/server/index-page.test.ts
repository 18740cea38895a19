import { describe, expect, it } from 'vitest';
import { indexParts, streamIndex } from './index-page.js';

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <title>Roundtrip</title>
    <script>early()</script>
    <script type="module" crossorigin src="/assets/index-A.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/react-B.js">
    <link rel="stylesheet" crossorigin href="/assets/index-C.css">
  </head>
  <body><div id="root"></div></body>
</html>`;

/** The stream's chunks as they come, each with whether the answer had settled by then. */
async function chunks(stream: NodeJS.ReadableStream, settled: () => boolean): Promise<{ text: string; afterAnswer: boolean }[]> {
  const out: { text: string; afterAnswer: boolean }[] = [];
  for await (const chunk of stream) out.push({ text: String(chunk), afterAnswer: settled() });
  return out;
}

const answerAfter = (ms: number, value: unknown) => {
  const state = { settled: false };
  const promise = new Promise<unknown>((resolve) =>
    setTimeout(() => {
      state.settled = true;
      resolve(value);
    }, ms),
  );
  return { promise, settled: () => state.settled };
};

describe('the page streamed with its opening answer', () => {
  it("splits the app's code (module script and preloads) from the head, keeping the early script and the stylesheet", () => {
    const parts = indexParts(HTML);
    expect(parts.head).toContain('<script>early()</script>');
    expect(parts.head).toContain('index-C.css');
    expect(parts.head).not.toMatch(/index-A\.js|react-B\.js/);
    expect(parts.code).toMatch(
      /<script type="module" crossorigin src="\/assets\/index-A\.js"><\/script>\s*<link rel="modulepreload" crossorigin href="\/assets\/react-B\.js">/,
    );
    expect(parts.tail.startsWith('</head>')).toBe(true);
    expect(() => indexParts('<html></html>', 'x.html')).toThrow(/x\.html has no <\/head>/);
  });

  it('sends the answer before the code when it comes quickly, as data that cannot close its element', async () => {
    const answer = answerAfter(10, { note: '</script><script>alert(1)</script>' });
    const page = (await chunks(streamIndex(indexParts(HTML), answer.promise, 1000), answer.settled)).map((c) => c.text).join('');
    const data = page.indexOf('id="first-view-data"');
    expect(data).toBeGreaterThan(page.indexOf('<script>early()</script>'));
    expect(page.indexOf('index-A.js')).toBeGreaterThan(data);
    expect(page).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect(page).not.toContain('<script>alert(1)');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('sends the code after `waitMs` when the answer is slower, and the answer when it comes', async () => {
    const answer = answerAfter(150, { ok: true });
    const received = await chunks(streamIndex(indexParts(HTML), answer.promise, 20), answer.settled);
    const code = received.find((c) => c.text.includes('index-A.js'))!;
    const data = received.find((c) => c.text.includes('first-view-data'))!;
    expect(code.afterAnswer).toBe(false);
    expect(data.afterAnswer).toBe(true);
    expect(received.map((c) => c.text).join('')).toContain('{"ok":true}');
  });

  it('sends no data for a page without an answer (a signed-out visitor), code and body still', async () => {
    const page = (await chunks(streamIndex(indexParts(HTML), Promise.resolve(undefined)), () => true)).map((c) => c.text).join('');
    expect(page).not.toContain('first-view-data');
    expect(page).toContain('index-A.js');
    expect(page).toContain('<div id="root"></div>');
  });
});
