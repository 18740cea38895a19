import type * as Contract from '../api/generated/contract';

// No React and no API client here: the page's early script (early.ts, inlined in index.html) is built
// from this and paint-first-view.ts alone, and runs before any of the app's code has loaded.

export type FirstView = Contract.FirstView;

/** The page-opening request the early script sent, shared with the app through `window`. */
export interface FirstViewState {
  app: string;
  page: string | null;
  /** Opened as /embed/<app>/<page> (no app chrome). */
  embedded: boolean;
  /** performance.now() when the request left: changes made after it are not in its results. */
  sentAt: number;
  /** Settles with the answer (null when the request failed on the network). */
  answer: Promise<FirstViewAnswer | null>;
  /** Set once it arrived, so the app can use it without waiting a tick. */
  arrived: (FirstViewAnswer & { at: number }) | null;
  /** The app's page is on screen: the early view must not be painted any more. */
  claimed: boolean;
  sessionTaken: boolean;
  appTaken: boolean;
}

export interface FirstViewAnswer {
  status: number;
  body: unknown;
}

declare global {
  interface Window {
    __roundtripFirstView?: FirstViewState;
  }
}

/** The element the early view is painted into (index.html), before #root. */
export const FIRST_VIEW_ELEMENT = 'first-view';

export function firstViewState(): FirstViewState | undefined {
  return window.__roundtripFirstView;
}

/** The app's own page is showing (or something else is): the early view goes and is never painted again. */
export function releaseFirstView(): void {
  const state = firstViewState();
  if (state) state.claimed = true;
  document.getElementById(FIRST_VIEW_ELEMENT)?.replaceChildren();
}

/** Longest the app's first render waits for the page-opening answer: the app needs it to show anything but a loading state. */
const FIRST_RENDER_WAIT_MS = 500;

/** Settles once the page-opening answer has arrived (at once when there is none on its way), or after FIRST_RENDER_WAIT_MS. */
export function untilFirstViewArrives(): Promise<void> {
  const state = firstViewState();
  if (!state || state.arrived) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FIRST_RENDER_WAIT_MS);
    void state.answer.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
