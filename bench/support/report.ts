/** Prints a benchmark's figures as aligned lines, the ratio last. */
export function report(title: string, rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

/** Runs `task` from `concurrency` loops for `seconds`; returns completed tasks per second. */
export async function throughput(
  task: () => Promise<unknown>,
  concurrency: number,
  seconds: number,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await task();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export async function meanMs(task: () => Promise<unknown>, runs: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < runs; i++) await task();
  return (performance.now() - started) / runs;
}
