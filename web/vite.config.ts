import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * `vite build` makes the production bundle (dist/web). `--mode test-hooks` makes the bundle the
 * browser tests run against (dist/web-test): the same app with the test hooks compiled in.
 */
export default defineConfig(({ mode }) => {
  const testHooks = mode === 'test-hooks';
  return {
    root: webRoot,
    base: '/',
    plugins: [react()],
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
