import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DENO_RUNTIME_DIR, denoBinary } from '../src/functions/deno.js';
import { RESERVED_FUNCTION_NAMES } from '../src/routes/functions/function-schema.js';

/** The Deno program's own gate: type check, lint and unit tests, run by the `deno` npm package's binary. */
const ROOT = path.join(DENO_RUNTIME_DIR, '..');

function deno(args: string[]) {
  const result = spawnSync(denoBinary(), args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('deno-runtime', () => {
  it('type-checks (with the example functions and templates)', () => {
    const result = deno(['check', '--config', 'deno-runtime/deno.json', 'deno-runtime', 'functions']);
    expect(result.output).not.toContain('ERROR');
    expect(result.code).toBe(0);
  }, 60_000);

  it('passes deno lint', () => {
    const result = deno(['lint', '--config', 'deno-runtime/deno.json', 'deno-runtime', 'functions']);
    expect(result.code, result.output).toBe(0);
  }, 60_000);

  it('passes its unit tests (the cron parser), offline', () => {
    const result = deno(['test', '--config', 'deno-runtime/deno.json', '--no-remote', 'deno-runtime']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/ok \| \d+ passed \| 0 failed/);
  }, 60_000);

  it('imports nothing remote, so it starts offline', () => {
    const graph = deno(['info', '--json', '--no-remote', 'deno-runtime/main.ts']);
    expect(graph.code, graph.output).toBe(0);
    const specifiers = (JSON.parse(graph.output) as { modules: Array<{ specifier: string }> }).modules.map(
      (m) => m.specifier,
    );
    expect(specifiers.filter((s) => !s.startsWith('file://') && !s.startsWith('node:'))).toEqual([]);
  }, 60_000);

  it('reserves the same function names as the backend', () => {
    const source = readFileSync(path.join(DENO_RUNTIME_DIR, 'module-meta.ts'), 'utf8');
    const list = /RESERVED_NAMES: readonly string\[\] = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    expect([...list.matchAll(/'([^']+)'/g)].map((m) => m[1])).toEqual([...RESERVED_FUNCTION_NAMES]);
  });
});
