// <roundtrip-app app="budget" page="overview"></roundtrip-app>: a Roundtrip app page inside your
// product. Load this script from your Roundtrip server and give the element a `getToken` function
// that asks YOUR backend for a signed embed token (see the README, Embedding). The element frames
// the page, sizes itself to it, asks for a new token when the embedded session ends, passes your
// theme (--rt-accent, --rt-bg, --rt-surface, --rt-text, --rt-font set on the element) and emits
// roundtrip-ready, roundtrip-changeset and roundtrip-session-ended events.
(() => {
  const script = document.currentScript;
  const serverOrigin = script ? new URL(script.src).origin : window.location.origin;
  const THEME = { '--rt-accent': '--accent', '--rt-bg': '--bg', '--rt-surface': '--surface', '--rt-text': '--text', '--rt-font': '--font' };

  class RoundtripApp extends HTMLElement {
    connectedCallback() {
      if (this.frame) return;
      this.frame = document.createElement('iframe');
      this.frame.title = this.getAttribute('title') || 'Roundtrip';
      this.frame.style.cssText = 'display:block;width:100%;border:0;height:600px';
      this.appendChild(this.frame);
      this.onMessage = (event) => this.receive(event);
      window.addEventListener('message', this.onMessage);
      void this.open();
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.onMessage);
      this.frame?.remove();
      this.frame = undefined;
    }

    /** Signs the viewer in again with a fresh token from the host and reloads the page. */
    async open() {
      if (typeof this.getToken !== 'function') throw new Error('<roundtrip-app> needs a getToken() function that returns a signed embed token');
      const token = await this.getToken();
      const app = encodeURIComponent(this.getAttribute('app') || '');
      const page = this.getAttribute('page');
      const path = `/embed/${app}${page ? `/${encodeURIComponent(page)}` : ''}`;
      if (this.frame) this.frame.src = `${serverOrigin}${path}?token=${encodeURIComponent(token)}`;
    }

    receive(event) {
      if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== serverOrigin) return;
      const data = event.data || {};
      if (data.type === 'roundtrip:resize' && typeof data.height === 'number') this.frame.style.height = `${Math.max(200, data.height)}px`;
      if (data.type === 'roundtrip:ready') {
        this.attempts = 0;
        this.sendTheme();
      }
      if (data.type === 'roundtrip:session-ended') this.reopen(data.refused);
      if (typeof data.type === 'string' && data.type.startsWith('roundtrip:') && data.type !== 'roundtrip:resize') {
        this.dispatchEvent(new CustomEvent(data.type.replace(':', '-'), { detail: data, bubbles: true }));
      }
    }

    /** A new token after the session ended; a refused token is retried twice (1 s, 3 s), then reported as roundtrip-error. */
    reopen(refused) {
      this.attempts = (this.attempts || 0) + 1;
      if (refused && this.attempts > 3) {
        this.dispatchEvent(new CustomEvent('roundtrip-error', { detail: { code: refused }, bubbles: true }));
        return;
      }
      const delay = refused ? [0, 1000, 3000][this.attempts - 1] || 0 : 0;
      setTimeout(() => void this.open(), delay);
    }

    sendTheme() {
      const style = getComputedStyle(this);
      const vars = {};
      for (const [outer, inner] of Object.entries(THEME)) {
        const value = style.getPropertyValue(outer).trim();
        if (value) vars[inner] = value;
      }
      if (Object.keys(vars).length) this.frame?.contentWindow?.postMessage({ type: 'roundtrip:theme', vars }, serverOrigin);
    }
  }

  if (!customElements.get('roundtrip-app')) customElements.define('roundtrip-app', RoundtripApp);
})();
