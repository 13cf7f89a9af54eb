/**
 * Runs and log lines are not broadcast on the realtime socket (one change per invocation would
 * flood the change log that every subscriber replays): views of them poll at this interval,
 * and only while the browser shows the page (TanStack Query pauses interval refetches when the
 * tab is hidden).
 */
export const RUNS_REFRESH_MS = 3000;
