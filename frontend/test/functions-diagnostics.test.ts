import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDiagnosticsScheduler } from '../src/pages/functions/diagnostics-scheduler';

/** A check whose answers the test releases by hand, in any order. */
function manualCheck() {
  const pending = new Map<string, (result: string) => void>();
  const check = vi.fn(
    (code: string) => new Promise<string>((resolve) => pending.set(code, (r) => resolve(r))),
  );
  const answer = async (code: string) => {
    pending.get(code)?.(`checked ${code}`);
    await Promise.resolve();
  };
  return { check, answer };
}

function setup() {
  const { check, answer } = manualCheck();
  const results: string[] = [];
  const errors: unknown[] = [];
  const starts = vi.fn();
  const scheduler = createDiagnosticsScheduler({
    check,
    onStart: starts,
    onResult: (r) => results.push(r),
    onError: (e) => errors.push(e),
    delayMs: 600,
  });
  return { scheduler, check, answer, results, errors, starts };
}

describe('the diagnostics scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks once typing pauses, with the latest code only', async () => {
    const { scheduler, check, answer, results } = setup();
    scheduler.schedule('a');
    vi.advanceTimersByTime(300);
    scheduler.schedule('ab');
    vi.advanceTimersByTime(300);
    scheduler.schedule('abc');
    vi.advanceTimersByTime(599);
    expect(check).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(check.mock.calls).toEqual([['abc']]);
    await answer('abc');
    expect(results).toEqual(['checked abc']);
  });

  it('drops the answer for code that changed while it was being checked', async () => {
    const { scheduler, check, answer, results, starts } = setup();
    scheduler.schedule('old');
    vi.advanceTimersByTime(600);
    scheduler.schedule('new');
    vi.advanceTimersByTime(600);
    expect(check.mock.calls).toEqual([['old'], ['new']]);
    expect(starts).toHaveBeenCalledTimes(2);
    await answer('new');
    await answer('old');
    expect(results).toEqual(['checked new']);
  });

  it('reports a failed check, unless newer code is already scheduled', async () => {
    const errors: unknown[] = [];
    let fail = (_e: Error) => {};
    const scheduler = createDiagnosticsScheduler({
      check: () =>
        new Promise<string>((_resolve, reject) => {
          fail = reject;
        }),
      onStart: () => {},
      onResult: () => {},
      onError: (e) => errors.push(e),
    });
    scheduler.schedule('x');
    vi.advanceTimersByTime(600);
    fail(new Error('deno is down'));
    await Promise.resolve();
    expect(errors).toEqual([new Error('deno is down')]);

    scheduler.schedule('y');
    vi.advanceTimersByTime(600);
    scheduler.schedule('z');
    fail(new Error('stale'));
    await Promise.resolve();
    expect(errors).toHaveLength(1);
  });

  it('does nothing after dispose', async () => {
    const { scheduler, check, results } = setup();
    scheduler.schedule('a');
    scheduler.dispose();
    vi.advanceTimersByTime(1000);
    expect(check).not.toHaveBeenCalled();
    expect(results).toEqual([]);
  });
});
