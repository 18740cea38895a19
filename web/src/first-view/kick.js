// Inlined into index.html's head (vite.config.ts) and allowed by the server's Content-Security-Policy
// by its hash: the first thing the page runs. It sends the request that opens the page (who, the app,
// the KPI results) before any of the app's code has loaded; boot.ts paints what it brings and the
// app uses it (first-view-state.ts). Routes as the app reads them: /embed/<app>/<page> or #/<app>/<page>.
(() => {
  try {
    const embed = /^\/embed\/([^/]+)(?:\/([^/]+))?\/?$/.exec(location.pathname);
    const [app, page] = embed ? embed.slice(1) : location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    if (!app || app.startsWith('~')) return;
    const state = {
      app: decodeURIComponent(app),
      page: page ? decodeURIComponent(page) : null,
      embedded: Boolean(embed),
      sentAt: performance.now(),
      arrived: null,
      claimed: false,
      sessionTaken: false,
      appTaken: false,
    };
    // An embedded page may bring the answer with it (the server knew the page and the viewer).
    const inline = document.getElementById('first-view-data');
    if (inline) {
      const answer = { status: 200, body: JSON.parse(inline.textContent) };
      state.arrived = { ...answer, at: performance.now() };
      state.answer = Promise.resolve(answer);
      window.__roundtripFirstView = state;
      return;
    }
    const url = `/api/apps/${encodeURIComponent(state.app)}/first-view${state.page ? `?page=${encodeURIComponent(state.page)}` : ''}`;
    state.answer = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, priority: 'high' })
      .then(async (response) => {
        const answer = { status: response.status, body: await response.json().catch(() => null) };
        state.arrived = { ...answer, at: performance.now() };
        return answer;
      })
      .catch(() => null);
    window.__roundtripFirstView = state;
  } catch {
    // A malformed address: the app reads it and says so.
  }
})();
