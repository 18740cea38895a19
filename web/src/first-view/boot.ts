import { firstViewState, type FirstView } from './first-view-state';
import { paintFirstView } from './paint-first-view';

/**
 * The page's early module: a few kilobytes, loaded beside the app's bundle. When the page-opening
 * request (sent by kick.js in index.html) answers before the app has drawn its page, it paints the
 * page's KPI values, so the numbers are on screen while the rest of the app loads.
 */
const state = firstViewState();
void state?.answer.then((answer) => {
  if (answer?.status === 200 && !state.claimed) paintFirstView(answer.body as FirstView, state.embedded);
});
