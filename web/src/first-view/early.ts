import { type FirstView, type FirstViewAnswer, type FirstViewState, firstViewState } from './first-view-state';
import { paintFirstView } from './paint-first-view';

// The page's early script, built into one small classic script and inlined at the top of
// index.html's head (vite.config.ts), allowed by the server's Content-Security-Policy by its hash.
// It is the first thing the page runs and needs nothing else to load: it sends the request that
// opens the page (who, the app, the KPI results), or takes the answer an embedded page brought
// with it, and paints the KPI values in the app's own markup as soon as they are there, while the
// app's bundle is still on its way. The app then uses the same answer (use-first-view.ts).
// Addresses as the app reads them: /embed/<app>/<page>, /apps/<app>/<page> or #/<app>/<page>, the
// last two with the page's filter values, if any, after a `?`.

/**
 * How long the app's code waits for the opening answer at most. The answer usually takes a few
 * tens of milliseconds; fetching and compiling the code meanwhile would compete with it for the
 * machine, and the code could not run before it anyway (it needs the answer's session).
 */
const CODE_WAIT_MS = 100;
const APP_CODE = 'app-code';
let codeLoaded = false;

/** Puts the app's code (held inert in `<template id="app-code">` by the build) in the page, once, after the document is parsed. */
function loadCode(): void {
  if (codeLoaded) return;
  codeLoaded = true;
  whenParsed(() => {
    const held = document.getElementById(APP_CODE) as HTMLTemplateElement | null;
    if (held) document.head.append(document.importNode(held.content, true));
  });
}

function open(): void {
  // The server knows the page of /embed/<app>/<page> and of a shared page address /apps/<app>/<page>.
  const address = /^\/(embed|apps)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(location.pathname);
  const embed = address?.[1] === 'embed';
  const hash = location.hash.replace(/^#\/?/, '');
  const query = hash.indexOf('?');
  const [app, page] = address ? address.slice(2) : (query < 0 ? hash : hash.slice(0, query)).split('/').filter(Boolean);
  // The page's filter values in its hash route (`?entity=E03`): the page opens with them, so they go with the request.
  const params = !address && query >= 0 ? hash.slice(query + 1) : '';
  if (!app || app.startsWith('~')) {
    loadCode();
    return;
  }
  setTimeout(loadCode, CODE_WAIT_MS);
  const state: FirstViewState = {
    app: decodeURIComponent(app),
    page: page ? decodeURIComponent(page) : null,
    embedded: embed,
    // An answer in the page was computed for the document's own request, sent at navigation start.
    sentAt: address ? 0 : performance.now(),
    arrived: null,
    answer: Promise.resolve(null),
    claimed: false,
    sessionTaken: false,
    appTaken: false,
  };
  // A page the server knew brings the answer with it, after the head: it is there once the document
  // is parsed (a signed-out visitor's page has none and asks). Any other page asks for it at once.
  state.answer = address
    ? new Promise((resolve) => whenParsed(() => resolve(inlineAnswer(state) ?? ask(state, embed ? '' : location.search.slice(1)))))
    : ask(state, params);
  window.__roundtripFirstView = state;
  void state.answer.then((answer) => {
    if (answer?.status === 200) whenParsed(() => paint(answer.body as FirstView));
    loadCode();
  });
}

/** The answer the server put in the page, or null. */
function inlineAnswer(state: FirstViewState): Promise<FirstViewAnswer> | null {
  const inline = document.getElementById('first-view-data');
  if (!inline) return null;
  const answer: FirstViewAnswer = { status: 200, body: JSON.parse(inline.textContent ?? 'null') };
  state.arrived = { ...answer, at: performance.now() };
  return Promise.resolve(answer);
}

/** Sends the page-opening request; settles with null when it failed on the network. */
function ask(state: FirstViewState, params: string): Promise<FirstViewAnswer | null> {
  const query = new URLSearchParams();
  if (state.page) query.set('page', state.page);
  if (params) query.set('params', params);
  const search = query.toString();
  const url = `/api/apps/${encodeURIComponent(state.app)}/first-view${search ? `?${search}` : ''}`;
  return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, priority: 'high' } as RequestInit)
    .then(async (response) => {
      const answer: FirstViewAnswer = { status: response.status, body: await response.json().catch(() => null) };
      state.arrived = { ...answer, at: performance.now() };
      return answer;
    })
    .catch(() => null);
}

/** Paints unless the app's own page is already there (it never comes back once replaced). */
function paint(view: FirstView): void {
  const state = firstViewState();
  if (!state || state.claimed) return;
  performance.mark('roundtrip:first-view-paint');
  paintFirstView(view, state.embedded);
  performance.mark('roundtrip:first-view-painted');
}

/** Runs `then` once the body's elements exist: at once after parsing, else when parsing ends (before the app's modules run). */
function whenParsed(then: () => void): void {
  if (document.readyState !== 'loading') then();
  else document.addEventListener('readystatechange', then, { once: true });
}

try {
  open();
} catch {
  // A malformed address: the app reads it and says so.
  loadCode();
}
