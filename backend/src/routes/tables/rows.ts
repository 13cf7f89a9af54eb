import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RowService } from '../../services/tables/rows.js';
import { idColumnQuery, listRowsQuery, row, rowParams, tableParams } from './schemas.js';

/**
 * `/api/v1/tables/{table}/data`: rows of user tables for any caller; the table's policy decides,
 * inside the statement that reads or writes.
 */
export const rowsRoutes: FastifyPluginAsyncZod = async (app) => {
  const rows = new RowService(app.db, app.tableCatalog);
  const access = { access: 'anon' as const };

  app.get(
    '/:table/data',
    {
      config: access,
      schema: {
        tags: ['rows'],
        summary: 'Rows with paging, ordering, filters and column selection',
        params: tableParams,
        querystring: listRowsQuery,
        response: {
          200: z.object({
            data: z.array(row),
            metadata: z.object({
              total_count: z.number().nullable(),
              page: z.number(),
              page_size: z.number(),
              total_pages: z.number().nullable(),
              columns: z.array(
                z.object({
                  column_name: z.string(),
                  data_type: z.string(),
                  is_nullable: z.enum(['YES', 'NO']),
                }),
              ),
            }),
          }),
        },
      },
    },
    async (request) => rows.list(request.caller, request.params.table, request.query),
  );

  app.get(
    '/:table/data/:id',
    {
      config: access,
      schema: {
        tags: ['rows'],
        summary: 'One row by primary key (or id_column)',
        params: rowParams,
        querystring: idColumnQuery,
        response: { 200: row },
      },
    },
    async (request) =>
      rows.get(request.caller, request.params.table, request.params.id, request.query.id_column),
  );

  app.post(
    '/:table/data',
    {
      config: access,
      schema: {
        tags: ['rows'],
        summary: 'Insert one row (an object) or many (an array, one transaction)',
        params: tableParams,
        body: z.union([row, z.array(row).max(1000)]),
        response: { 201: z.union([row, z.array(row)]) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rows.insert(request.caller, request.params.table, request.body)),
  );

  for (const method of ['put', 'patch'] as const) {
    app[method](
      '/:table/data/:id',
      {
        config: access,
        schema: {
          tags: ['rows'],
          summary: 'Update the given columns of one row',
          params: rowParams,
          querystring: idColumnQuery,
          body: row,
          response: { 200: row },
        },
      },
      async (request) =>
        rows.update(
          request.caller,
          request.params.table,
          request.params.id,
          request.body,
          request.query.id_column,
        ),
    );
  }

  app.delete(
    '/:table/data/:id',
    {
      config: access,
      schema: {
        tags: ['rows'],
        params: rowParams,
        querystring: idColumnQuery,
        response: { 200: z.object({ message: z.string(), deleted_data: row }) },
      },
    },
    async (request) => {
      const deleted = await rows.delete(
        request.caller,
        request.params.table,
        request.params.id,
        request.query.id_column,
      );
      return { message: `Row deleted from "${request.params.table}"`, deleted_data: deleted };
    },
  );
};
