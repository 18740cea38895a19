import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FirstViewAnswer, type FirstViewState, untilFirstViewArrives } from './first-view-state';

// The page's global object, as the early script leaves it.
const page = globalThis as unknown as { window?: { __roundtripFirstView?: FirstViewState } };

function opening(answer: Promise<FirstViewAnswer | null>, arrived: FirstViewState['arrived'] = null): FirstViewState {
  return { app: 'budget', page: 'overview', embedded: false, sentAt: 0, arrived, answer, claimed: false, sessionTaken: false, appTaken: false };
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

afterEach(() => {
  delete page.window;
  vi.useRealTimers();
});

describe("the app's first render and the page-opening answer", () => {
  it('goes at once when no answer is on its way or it is there already', async () => {
    page.window = {};
    expect(await settled(untilFirstViewArrives())).toBe(true);
    page.window = { __roundtripFirstView: opening(new Promise(() => {}), { status: 200, body: {}, at: 1 }) };
    expect(await settled(untilFirstViewArrives())).toBe(true);
  });

  it('waits for an answer on its way, and only until it lands', async () => {
    let land!: (answer: FirstViewAnswer) => void;
    page.window = { __roundtripFirstView: opening(new Promise((resolve) => (land = resolve))) };
    const waiting = untilFirstViewArrives();
    expect(await settled(waiting)).toBe(false);
    land({ status: 200, body: {} });
    expect(await settled(waiting)).toBe(true);
  });

  it('stops waiting for an answer that takes too long', async () => {
    vi.useFakeTimers();
    page.window = { __roundtripFirstView: opening(new Promise(() => {})) };
    let done = false;
    void untilFirstViewArrives().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
