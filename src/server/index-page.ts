import { PassThrough } from 'node:stream';

/** The built page's module script and module preloads: the app's code, which the browser fetches as soon as it reads them. */
const CODE_TAGS = /\s*<(?:script type="module"[^>]*><\/script>|link rel="modulepreload"[^>]*>)/g;

/**
 * Longest the app's code waits for the page-opening answer before the browser
 * is told to fetch it. The answer usually takes a few tens of milliseconds;
 * the code fetched and compiled meanwhile would compete with it for the
 * machine, and the code cannot run before the answer is in the page anyway
 * (module scripts run once the document is parsed).
 */
export const CODE_WAIT_MS = 100;

/** The built index.html split for streaming: its head without the app's code, the code's tags, and the rest from `</head>`. */
export interface IndexParts {
  head: string;
  code: string;
  tail: string;
}

export function indexParts(html: string, file = 'index.html'): IndexParts {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error(`${file} has no </head>`);
  const head = html.slice(0, at);
  return { head: head.replace(CODE_TAGS, ''), code: (head.match(CODE_TAGS) ?? []).join(''), tail: html.slice(at) };
}

/**
 * The page with the page-opening answer in it, streamed: the head at once
 * (the early script starts, the stylesheet loads), then the answer as JSON
 * data as soon as it is computed, then the app's code, so fetching and
 * compiling the code does not slow the answer down. If the answer takes
 * longer than `waitMs`, the code's tags go out then, ahead of it.
 */
export function streamIndex(parts: IndexParts, firstView: Promise<unknown>, waitMs = CODE_WAIT_MS): PassThrough {
  const page = new PassThrough();
  page.write(parts.head);
  let codeSent = false;
  const sendCode = () => {
    if (codeSent) return;
    codeSent = true;
    page.write(parts.code);
  };
  const late = setTimeout(sendCode, waitMs);
  void firstView.then((answer) => {
    clearTimeout(late);
    // Data, not code: the browser never runs it, and `<` escaped keeps it from closing the element.
    if (answer !== undefined)
      page.write(`\n    <script type="application/json" id="first-view-data">${JSON.stringify(answer).replace(/</g, '\\u003c')}</script>`);
    sendCode();
    page.end(`\n  ${parts.tail}`);
  });
  return page;
}
