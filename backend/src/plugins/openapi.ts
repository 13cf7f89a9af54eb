import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION } from '../version.js';

/** The OpenAPI 3 document, generated from the routes' zod schemas, and Swagger UI over it. */
export const openapiPlugin = fp(
  async (app) => {
    const { config } = app;
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'SelfDB API',
          description: 'PostgreSQL REST API, auth, storage, realtime and cloud functions.',
          version: VERSION,
        },
        servers: [{ url: config.publicUrl }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            apikey: { type: 'apiKey', in: 'header', name: 'apikey' },
          },
        },
        security: [{ bearer: [] }, { apikey: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () =>
      app.swagger(),
    );
  },
  { name: 'openapi' },
);
