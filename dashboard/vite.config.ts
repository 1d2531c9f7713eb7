// Vite configuration: a static bundle in dist/ (index.html + content-hashed assets under /assets/),
// which `redline serve` embeds. `npm run dev` proxies /api to the server or to mock/server.mjs.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // One small app: keep it in a single chunk so the embedded file list stays short.
    chunkSizeWarningLimit: 300,
  },
  server: {
    port: 5173,
    proxy: { '/api': process.env.REDLINE_API ?? 'http://127.0.0.1:8787' },
  },
});
