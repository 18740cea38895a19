import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const BOOT = 'src/first-view/boot.ts';
// Its comment lines stay in the source: every byte of the inlined script is in every page.
const KICK = readFileSync(`${webRoot}src/first-view/kick.js`, 'utf8')
  .split('\n')
  .filter((line) => !/^\s*\/\//.test(line))
  .join('\n')
  .trim();

/**
 * The page's early scripts. kick.js is inlined at the top of the head, so the request that opens the
 * page leaves as soon as the document exists (the server allows it by its hash); boot.ts is an entry of
 * its own, loaded async, that paints the KPI values it brings while the app's bundle is still loading.
 * Vite folds every script of index.html into one entry, so both are added here.
 */
function earlyScripts(): Plugin {
  return {
    name: 'roundtrip-early-scripts',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = ctx.bundle ? Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith(BOOT)) : undefined;
        if (ctx.bundle && (!chunk || chunk.type !== 'chunk')) throw new Error(`The build has no chunk for ${BOOT}`);
        const src = chunk && chunk.type === 'chunk' ? `/${chunk.fileName}` : `/${BOOT}`;
        const imports = chunk && chunk.type === 'chunk' ? chunk.imports : [];
        // Right after the title, before any stylesheet: a classic script after one waits for it to load.
        if (!html.includes('</title>')) throw new Error('index.html has no <title> to put the early script after');
        const tags = [
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src }, injectTo: 'head' },
          ...imports
            .filter((file) => !html.includes(file))
            .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const })),
        ];
        return { html: html.replace('</title>', `</title>\n    <script>${KICK}</script>`), tags };
      },
    },
  };
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
      rollupOptions: { input: { index: `${webRoot}index.html`, boot: `${webRoot}${BOOT}` } },
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
