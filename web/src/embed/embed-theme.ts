/** The theme variables a host may set (see public/embed.js), each applied to the embedded page's root. */
const THEMEABLE = new Set(['--accent', '--bg', '--surface', '--text', '--font']);
// Colours, sizes and font stacks; nothing that loads (url(), image-set()) or escapes the declaration.
const SAFE_VALUE = /^[#(),.%\w\s"'-]{1,200}$/;

/** Applies a `roundtrip:theme` message from the parent frame; anything else is ignored. */
export function applyHostTheme(event: MessageEvent): void {
  if (event.source !== window.parent || window.parent === window) return;
  const data = event.data as { type?: unknown; vars?: unknown };
  if (data?.type !== 'roundtrip:theme' || typeof data.vars !== 'object' || data.vars === null) return;
  for (const [name, value] of Object.entries(data.vars as Record<string, unknown>)) {
    if (THEMEABLE.has(name) && typeof value === 'string' && SAFE_VALUE.test(value) && !/url\s*\(/i.test(value)) {
      document.documentElement.style.setProperty(name, value);
    }
  }
}
