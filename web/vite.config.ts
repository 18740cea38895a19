import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const EARLY = 'src/first-view/early.ts';

/**
 * The page's early script (early.ts and the few modules it imports: the KPI painter and the number
 * format), bundled into one minified classic script. Every byte of it is in every page.
 */
function earlyScript(): string {
  const { outputFiles } = buildSync({
    entryPoints: [`${webRoot}${EARLY}`],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: 'es2020',
    legalComments: 'none',
  });
  const code = outputFiles[0]!.text.trim();
  // Inlined in a <script> element: that text would end it early.
  if (/<\/script/i.test(code)) throw new Error(`${EARLY} built into code holding "</script"`);
  return code;
}

/**
 * Inlines the early script at the top of the head, right after the title and before any stylesheet
 * (a classic script after one waits for it to load): the request that opens the page leaves as soon
 * as the document exists and the KPI values are painted as soon as they are there, before any of the
 * app's modules have loaded. The server allows it by its hash.
 */
function earlyScripts(): Plugin {
  return {
    name: 'roundtrip-early-script',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!html.includes('</title>')) throw new Error('index.html has no <title> to put the early script after');
        const withEarly = html.replace('</title>', `</title>\n    <script>${earlyScript()}</script>`);
        return context.server ? withEarly : holdAppCode(withEarly);
      },
    },
  };
}

/** The built page's module script and module preloads: the app's code. */
const CODE_TAGS = /\s*<(?:script type="module"[^>]*><\/script>|link rel="modulepreload"[^>]*>)/g;

/**
 * Moves the app's code tags into an inert `<template id="app-code">`: the early script puts them in
 * the page once the page's KPI values are painted (or its opening request failed, or took longer
 * than a moment, or the page has none to send), so fetching and compiling the code does not compete
 * with the opening answer. The code could not run before then anyway: it needs the answer's session.
 */
function holdAppCode(html: string): string {
  const head = html.slice(0, html.indexOf('</head>'));
  const code = head.match(CODE_TAGS) ?? [];
  if (!code.some((tag) => tag.includes('<script'))) throw new Error('index.html has no module script to hold');
  return html.replace(CODE_TAGS, '').replace('</head>', `  <template id="app-code">${code.join('')}\n    </template>\n  </head>`);
}

export default defineConfig(({ mode }) => {
  const testHooks = mode === 'test-hooks';
  return {
    root: webRoot,
    base: '/',
    plugins: [react(), earlyScripts()],
    define: {
      __ROUNDTRIP_TEST_HOOKS__: JSON.stringify(testHooks),
    },
    build: {
      outDir: testHooks ? '../dist/web-test' : '../dist/web',
      emptyOutDir: true,
      // The lazily loaded chart chunk is ECharts itself (~540 kB); everything else is far below this.
      chunkSizeWarningLimit: 600,
    },
    server: {
      proxy: {
        '/api': { target: 'http://127.0.0.1:4000', changeOrigin: false },
      },
    },
  };
});
