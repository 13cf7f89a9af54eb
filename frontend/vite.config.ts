import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createLogger, defineConfig, loadEnv, type ProxyOptions } from 'vite';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const logger = createLogger();
const logError = logger.error;
logger.error = (message, options) => {
  // A browser closing its realtime socket (another page, a closed tab) resets the proxied
  // connection: that is how WebSockets end, not an error worth a stack trace in the server's output.
  const code = (options?.error as NodeJS.ErrnoException | null | undefined)?.code;
  if (message.includes('ws proxy') && code === 'ECONNRESET') return;
  logError(message, options);
};

/**
 * The dashboard server (dev or preview) serves the app and proxies `/api` — WebSocket included —
 * to the backend. It reads the same `.env` as the backend: API_PORT (or SELFDB_API_URL) to find it,
 * FRONTEND_PORT to listen on, and ANON_KEY, which it adds to proxied requests that carry none. The
 * anonymous key grants only what the table and bucket policies give anyone, so the browser needs no
 * build-time secret and the login request (which the API accepts only with the key) just works.
 */
export default defineConfig(({ command, mode }) => {
  const env = { ...loadEnv(mode, REPO_ROOT, ''), ...process.env };
  const apiTarget = env.SELFDB_API_URL || `http://127.0.0.1:${env.API_PORT || 8000}`;
  const port = Number(env.FRONTEND_PORT || 3000);
  const anonKey = env.ANON_KEY ?? '';

  const proxy: Record<string, ProxyOptions> = {
    '/api': {
      target: apiTarget,
      changeOrigin: true,
      ws: true,
      configure(server) {
        server.on('proxyReq', (req) => {
          if (anonKey && !req.getHeader('apikey')) req.setHeader('apikey', anonKey);
        });
        server.on('proxyReqWs', (req) => {
          if (anonKey && !req.getHeader('apikey')) req.setHeader('apikey', anonKey);
        });
      },
    },
    '/docs': { target: apiTarget, changeOrigin: true },
  };

  return {
    // Only the servers proxy WebSockets; a build keeps Vite's logger and its log level.
    customLogger: command === 'serve' ? logger : undefined,
    plugins: [react()],
    server: { host: env.FRONTEND_HOST || '0.0.0.0', port, strictPort: true, proxy },
    preview: { host: env.FRONTEND_HOST || '0.0.0.0', port, strictPort: true, proxy },
    build: { chunkSizeWarningLimit: 4096 },
    worker: { format: 'es' },
  };
});
