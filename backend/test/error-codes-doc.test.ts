import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../src/errors/codes.js';

describe('the error code registry', () => {
  it('is listed, with the same statuses, in the API reference', () => {
    const doc = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
    const documented = Object.fromEntries(
      [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    const registry = Object.fromEntries(
      Object.entries(errorCodes).map(([code, { status }]) => [code, status]),
    );
    expect(documented).toEqual(registry);
  });
});
