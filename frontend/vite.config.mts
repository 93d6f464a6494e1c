import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precompress } from './build/precompress';

// The SPA is served by the API in production (same origin). In development Vite serves it and
// forwards /api to the API, so cookies, the Origin check and /oauth/complete stay same-origin as long
// as the API runs with APP_URL pointing at this dev server (http://localhost:5173).
export default defineConfig({
  plugins: [vue(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // .vite/manifest.json: which chunks each page and component loads, read by bench B5.
    manifest: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': {
        target: 'http://localhost:3000',
        xfwd: true,
      },
    },
  },
});
