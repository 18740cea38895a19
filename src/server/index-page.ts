import { PassThrough } from 'node:stream';

/** The built index.html split for streaming: its head up to `</head>`, and the rest. */
export interface IndexParts {
  head: string;
  tail: string;
}

export function indexParts(html: string, file = 'index.html'): IndexParts {
  const at = html.indexOf('</head>');
  if (at < 0) throw new Error(`${file} has no </head>`);
  return { head: html.slice(0, at), tail: html.slice(at) };
}

/**
 * The page with the page-opening answer in it, streamed: the head at once
 * (the early script starts, the stylesheet loads), then the answer as JSON
 * data as soon as it is computed, and the rest. The page's early script
 * paints the answer and only then lets the app's code load (the build holds
 * it in `<template id="app-code">`), so fetching and compiling the code does
 * not slow the answer down.
 */
export function streamIndex(parts: IndexParts, firstView: Promise<unknown>): PassThrough {
  const page = new PassThrough();
  page.write(parts.head);
  void firstView.then((answer) => {
    // Data, not code: the browser never runs it, and `<` escaped keeps it from closing the element.
    const data =
      answer === undefined ? '' : `  <script type="application/json" id="first-view-data">${JSON.stringify(answer).replace(/</g, '\\u003c')}</script>\n  `;
    page.end(data + parts.tail);
  });
  return page;
}
