import { fileURLToPath } from 'node:url';

export const FRONTEND_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The production build the browser tests serve (git-ignored, rebuilt by e2e/global-setup.ts). */
export const DASHBOARD_BUILD = fileURLToPath(new URL('../../test-results/dashboard-build', import.meta.url));
/** Screenshots of the browser tests, to be looked at. */
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));
