import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describeSchema, schemaGraph } from '../../services/schema.js';

const column = z
  .object({
    column_name: z.string(),
    data_type: z.string(),
    is_nullable: z.enum(['YES', 'NO']),
    column_default: z.string().nullable(),
    column_description: z.string().nullable(),
    is_primary_key: z.boolean(),
  })
  .meta({ id: 'SchemaColumn' });

const foreignKey = z.object({
  constraint_name: z.string(),
  table_name: z.string(),
  column_name: z.string(),
  foreign_table_name: z.string(),
  foreign_column_name: z.string(),
});

/** `/api/v1/schema`: the user tables of schema `public` and their references (API.md §6). */
export const schemaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['schema'],
        summary: 'Tables, columns, primary keys and foreign keys of the user schema',
        response: {
          200: z.object({
            tables: z.array(
              z.object({
                table_name: z.string(),
                table_description: z.string().nullable(),
                columns: z.array(column),
                primary_keys: z.array(z.string()),
              }),
            ),
            foreign_keys: z.array(foreignKey),
          }),
        },
      },
    },
    async () => describeSchema(app.db),
  );

  app.get(
    '/visualization',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['schema'],
        summary: 'The user schema as a graph: a node per table, an edge per foreign-key column',
        response: {
          200: z.object({
            nodes: z.array(
              z.object({
                id: z.string(),
                label: z.string(),
                description: z.string().nullable(),
                columns: z.array(column),
                primary_keys: z.array(z.string()),
              }),
            ),
            edges: z.array(
              z.object({
                id: z.string(),
                source: z.string(),
                target: z.string(),
                source_column: z.string(),
                target_column: z.string(),
                label: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async () => schemaGraph(app.db),
  );
};
