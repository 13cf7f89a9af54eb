/**
 * Runs `check` on the latest code once typing pauses for `delayMs`; an answer for code that has
 * since changed is dropped, so a slow check never overwrites a newer one.
 */
export function createDiagnosticsScheduler<T>(options: {
  check: (code: string) => Promise<T>;
  onStart: () => void;
  onResult: (result: T) => void;
  onError: (error: unknown) => void;
  delayMs?: number;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  return {
    schedule(code: string) {
      clearTimeout(timer);
      const mine = ++generation;
      timer = setTimeout(() => {
        options.onStart();
        options.check(code).then(
          (result) => mine === generation && options.onResult(result),
          (err: unknown) => mine === generation && options.onError(err),
        );
      }, options.delayMs ?? 600);
    },
    dispose() {
      clearTimeout(timer);
      generation++;
    },
  };
}
