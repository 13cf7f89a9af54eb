/** The few assertions the runtime's tests need (the standard library would be a download). */
export function assertEquals<T>(actual: T, expected: T, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\nexpected ${e}\n     got ${a}`);
}

export function assertThrows(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    if (pattern.test((err as Error).message)) return;
    throw new Error(`threw "${(err as Error).message}", expected ${pattern}`);
  }
  throw new Error(`did not throw (expected ${pattern})`);
}
