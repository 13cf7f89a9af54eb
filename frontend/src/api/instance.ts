import { createApiClient } from './client';
import { createSessionStore } from './session';

/** The dashboard's one session store and API client. */
export const sessions = createSessionStore();
export const http = createApiClient({ sessions });
