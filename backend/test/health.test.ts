import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { freePort } from '../src/local/ports.js';
import { buildTestApp } from './support/app.js';
import { createMigratedDatabase, dropDatabase, testConfig } from './support/services.js';

const { app } = await buildTestApp();

describe('health endpoints', () => {
  it('GET / welcomes', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ message: 'Welcome to SelfDB API' });
  });

  it("GET /api/v1/health says the API runs, and which version (the backend package's)", async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.json()).toEqual({ status: 'ok', message: 'API is running', version: pkg.version });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('GET /api/v1/health/db answers when the database does', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health/db' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('GET /api/v1/health/ready reports every dependency', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database.status).toBe('ok');
    expect(body.checks.object_store.status).toBe('ok');
    expect(body.checks.realtime_listener.status).toBe('ok');
  });
});

describe('health when dependencies are down', () => {
  it('the database being unreachable is 503 DB_UNAVAILABLE with Retry-After, and not ready', async () => {
    const database = await createMigratedDatabase();
    const down = await buildApp(testConfig(database, { POSTGRES_PORT: String(await freePort()) }));
    try {
      const db = await down.inject({ method: 'GET', url: '/api/v1/health/db' });
      expect(db.statusCode).toBe(503);
      expect(db.json()).toEqual({ detail: expect.any(String), code: 'DB_UNAVAILABLE' });
      expect(db.headers['retry-after']).toBe('5');

      const ready = await down.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(ready.statusCode).toBe(503);
      const body = ready.json();
      expect(body).toMatchObject({ status: 'error', code: 'NOT_READY' });
      expect(body.detail).toMatch(/^Unavailable: database\b/);
      expect(body.checks.database.status).toBe('error');
      expect(body.checks.object_store.status).toBe('ok');
    } finally {
      await down.close();
      await dropDatabase(database);
    }
  });

  it('the object store being unreachable makes the API not ready', async () => {
    const database = await createMigratedDatabase();
    const down = await buildApp(
      testConfig(database, { S3_ENDPOINT: `http://127.0.0.1:${await freePort()}` }),
    );
    try {
      const ready = await down.inject({ method: 'GET', url: '/api/v1/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks).toMatchObject({
        database: { status: 'ok' },
        object_store: { status: 'error' },
      });
    } finally {
      await down.close();
      await dropDatabase(database);
    }
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI 3 document generated from the route schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('SelfDB API');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/', '/api/v1/health', '/api/v1/health/db', '/api/v1/health/ready']),
    );
    expect(
      doc.paths['/api/v1/health'].get.responses['200'].content['application/json'].schema.properties,
    ).toHaveProperty('status');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });
});
