/** Prints a benchmark's figures as aligned lines, the ratio last. */
export function report(title: string, rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

export type Measured = { perSecond: number; p50: number; p99: number };

/** Runs `task` from `concurrency` loops for `seconds`: completed tasks per second and latency percentiles (ms). */
export async function measure(
  task: () => Promise<unknown>,
  concurrency: number,
  seconds: number,
): Promise<Measured> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await task();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    p50: at(0.5),
    p99: at(0.99),
  };
}

export function describeRate(m: Measured, unit = 'req/s'): string {
  return `${m.perSecond.toFixed(0)} ${unit} (p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms)`;
}

export async function meanMs(task: () => Promise<unknown>, runs: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < runs; i++) await task();
  return (performance.now() - started) / runs;
}
