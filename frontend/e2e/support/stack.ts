import { type PreviewServer, preview } from 'vite';
import { freePort } from '../../../backend/src/local/ports.js';
import { type LocalStack, startLocalStack } from '../../../backend/src/local/stack.js';
import { DASHBOARD_BUILD, FRONTEND_DIR } from './paths';

export type Stack = LocalStack & {
  /** The dashboard, served from the production build with `/api` proxied to the backend. */
  dashboardUrl: string;
};

/**
 * The native stack for the browser tests (backend/src/local/stack.ts), with the dashboard's build
 * served by Vite's preview server the way native mode serves it. `functions` also starts the
 * function runtime.
 */
export async function startStack(options: { functions?: boolean } = {}): Promise<Stack> {
  const stack = await startLocalStack({ name: 'e2e', functions: options.functions });
  try {
    // The dashboard server reads these, as it does from .env in native mode.
    const dashboardPort = await freePort();
    Object.assign(process.env, {
      SELFDB_API_URL: stack.url,
      ANON_KEY: stack.anonKey,
      FRONTEND_PORT: String(dashboardPort),
      FRONTEND_HOST: '127.0.0.1',
    });
    const server: PreviewServer = await preview({
      root: FRONTEND_DIR,
      logLevel: 'warn',
      build: { outDir: DASHBOARD_BUILD },
    });
    return {
      ...stack,
      dashboardUrl: `http://127.0.0.1:${dashboardPort}`,
      async stop() {
        await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
        await stack.stop();
      },
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}
