import fp from 'fastify-plugin';
import { RuntimeClient } from '../functions/runtime-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    functionRuntime: RuntimeClient;
  }
}

/** The function runtime as a dependency: its client, and its place in /health/ready. */
export const functionsPlugin = fp(
  async (app) => {
    const runtime = new RuntimeClient(app.config.functions);
    app.decorate('functionRuntime', runtime);
    app.readiness.register('function_runtime', () => runtime.health());
  },
  { dependencies: ['readiness'], name: 'functions' },
);
