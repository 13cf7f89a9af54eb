import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const valid = {
  POSTGRES_PASSWORD: 'db-password-123',
  SECRET_KEY: 'a'.repeat(64),
  ANON_KEY: 'b'.repeat(64),
  DEFAULT_ADMIN_EMAIL: 'admin@example.com',
  DEFAULT_ADMIN_PASSWORD: 'admin-password',
  S3_ACCESS_KEY: 'selfdb',
  S3_SECRET_KEY: 's3-secret-key',
  RUNTIME_KEY: 'r'.repeat(64),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('applies defaults and shapes the values', () => {
    const config = loadConfig({
      ...valid,
      CORS_ORIGINS: 'http://a.test, http://b.test',
      ALLOW_REGISTRATION: 'false',
    });
    expect(config.port).toBe(8000);
    expect(config.env).toBe('development');
    expect(config.publicUrl).toBe('http://localhost:8000');
    expect(config.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
    expect(config.db).toMatchObject({ host: 'localhost', port: 5432, database: 'selfdb', user: 'selfdb' });
    expect(config.auth.allowRegistration).toBe(false);
    expect(config.auth.accessTokenMinutes).toBe(60);
    expect(config.storage.forcePathStyle).toBe(true);
    expect(Object.isFrozen(config.db)).toBe(true);
  });

  it('has storage defaults: 5 GiB uploads, hour-long URLs, pending uploads swept after a day', () => {
    expect(loadConfig(valid).storage).toMatchObject({
      maxUploadBytes: 5 * 1024 ** 3,
      uploadUrlSeconds: 3600,
      downloadUrlSeconds: 3600,
      pendingMaxAgeSeconds: 86_400,
      sweepIntervalSeconds: 600,
    });
  });

  it('refuses to sweep pending uploads before their upload URL expires', () => {
    expect(
      problemsOf({ ...valid, UPLOAD_URL_EXPIRE_SECONDS: '7200', PENDING_UPLOAD_MAX_AGE_SECONDS: '3600' }),
    ).toEqual(['PENDING_UPLOAD_MAX_AGE_SECONDS: must be longer than UPLOAD_URL_EXPIRE_SECONDS']);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ ...valid, API_PORT: '', CORS_ORIGINS: '*' })).toMatchObject({
      port: 8000,
      corsOrigins: true,
    });
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      ...valid,
      API_PORT: 'eighty',
      S3_ENDPOINT: 'not a url',
      SECRET_KEY: '',
      DEFAULT_ADMIN_EMAIL: 'nobody',
    });
    expect(problems).toHaveLength(4);
    expect(problems).toContain('API_PORT: must be a port number (1-65535) (got "eighty")');
    expect(problems.find((p) => p.startsWith('S3_ENDPOINT:'))).toContain('"not a url"');
    expect(problems).toContain('SECRET_KEY: is required');
    expect(problems.find((p) => p.startsWith('DEFAULT_ADMIN_EMAIL:'))).toBeDefined();
  });

  it('never echoes a secret value in its messages', () => {
    const problems = problemsOf({ ...valid, SECRET_KEY: 'short-secret-value' });
    expect(problems).toEqual([expect.stringMatching(/^SECRET_KEY: /)]);
    expect(problems[0]).not.toContain('short-secret-value');
  });

  it('refuses placeholder secrets in production only', () => {
    const env = { ...valid, POSTGRES_PASSWORD: 'changeme', S3_SECRET_KEY: 'minioadmin' };
    expect(loadConfig(env).db.password).toBe('changeme');
    const problems = problemsOf({ ...env, NODE_ENV: 'production' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['POSTGRES_PASSWORD', 'S3_SECRET_KEY']);
  });
});

describe('the backend process', () => {
  it('refuses to start on an invalid environment and prints every problem in one message', async () => {
    const backendDir = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: backendDir,
      env: {
        PATH: process.env.PATH,
        ...valid,
        NODE_ENV: 'production',
        API_PORT: 'abc',
        SECRET_KEY: 'changeme',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('SelfDB backend cannot start.');
    expect(stderr).toContain('API_PORT:');
    expect(stderr).toContain('SECRET_KEY:');
    expect(stderr).toContain('must be a port number');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
