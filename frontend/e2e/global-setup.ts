import { rm } from 'node:fs/promises';
import { build } from 'vite';
import { DASHBOARD_BUILD, FRONTEND_DIR } from './support/paths';

/** The dashboard is built once per run; each test file serves that build from a stack of its own. */
export default async function setup() {
  await rm(DASHBOARD_BUILD, { recursive: true, force: true });
  await build({
    root: FRONTEND_DIR,
    logLevel: 'warn',
    build: { outDir: DASHBOARD_BUILD, emptyOutDir: true },
  });
}
