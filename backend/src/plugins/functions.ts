import fp from 'fastify-plugin';
import { DatabaseTriggers } from '../functions/database-triggers.js';
import { RuntimeClient } from '../functions/runtime-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    functionRuntime: RuntimeClient;
  }
}

/**
 * The function runtime as a dependency: its client, its place in /health/ready, and the feed of
 * committed row changes to its database triggers.
 */
export const functionsPlugin = fp(
  async (app) => {
    const runtime = new RuntimeClient(app.config.functions);
    app.decorate('functionRuntime', runtime);
    app.readiness.register('function_runtime', () => runtime.health());
    const triggers = new DatabaseTriggers(app.db, runtime, app.log);
    app.changeFeed.onBatch(() => triggers.dispatch());
  },
  { dependencies: ['readiness', 'realtime'], name: 'functions' },
);
