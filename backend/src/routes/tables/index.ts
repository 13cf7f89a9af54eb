import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TableManagement } from '../../services/tables/management.js';
import {
  addColumnBody,
  alterColumnBody,
  columnInfo,
  columnParams,
  createTableBody,
  permissionsOutput,
  tableParams,
  updateTableBody,
} from './schemas.js';

const policyOutput = {
  is_public: z.boolean(),
  owner_column: z.string().nullable(),
  permissions: permissionsOutput,
};

/** `/api/v1/tables`: listing and describing for anyone who may read a table; changes for superusers. */
export const tablesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tables = new TableManagement(app.db, app.tableCatalog);

  app.get(
    '/',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['tables'],
        summary: 'Tables the caller may read',
        response: {
          200: z.array(
            z.object({
              name: z.string(),
              description: z.string().nullable(),
              size: z.number(),
              column_count: z.number(),
              row_estimate: z.number(),
              is_public: z.boolean(),
            }),
          ),
        },
      },
    },
    async (request) => tables.list(request.caller),
  );

  app.post(
    '/',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['tables'],
        summary: 'Create a table with typed columns, keys and an access policy',
        body: createTableBody,
        response: {
          '2xx': z.object({
            message: z.string(),
            created: z.boolean(),
            name: z.string(),
            columns: z.array(columnInfo),
          }),
        },
      },
    },
    async (request, reply) => {
      const { created, table } = await tables.create(request.body);
      const name = request.body.name;
      const columns = table ? (await tables.describe(request.caller, name)).columns : [];
      return reply.code(created ? 201 : 200).send({
        message: created ? `Table "${name}" created` : `Table "${name}" already exists`,
        created,
        name,
        columns,
      });
    },
  );

  app.get(
    '/:table',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['tables'],
        summary: 'Columns, keys, indexes, row count and policy of a table the caller may read',
        params: tableParams,
        response: {
          200: z.object({
            name: z.string(),
            description: z.string().nullable(),
            columns: z.array(columnInfo),
            primary_keys: z.array(z.string()),
            foreign_keys: z.array(
              z.object({
                column_name: z.string(),
                foreign_table_name: z.string(),
                foreign_column_name: z.string(),
              }),
            ),
            indexes: z.array(
              z.object({
                index_name: z.string(),
                column_name: z.string(),
                is_unique: z.boolean(),
                is_primary: z.boolean(),
              }),
            ),
            row_count: z.number(),
            ...policyOutput,
          }),
        },
      },
    },
    async (request) => tables.describe(request.caller, request.params.table),
  );

  app.put(
    '/:table',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['tables'],
        summary: 'Rename, describe, or change the access policy',
        params: tableParams,
        body: updateTableBody,
        response: { 200: z.object({ message: z.string(), name: z.string(), ...policyOutput }) },
      },
    },
    async (request) => tables.update(request.params.table, request.body),
  );

  app.delete(
    '/:table',
    {
      config: { access: 'superuser' },
      schema: { tags: ['tables'], params: tableParams, response: { 200: z.object({ message: z.string() }) } },
    },
    async (request) => tables.drop(request.params.table),
  );

  app.get(
    '/:table/sql',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['tables'],
        summary: "The table's CREATE TABLE, foreign key, index and comment statements",
        params: tableParams,
        response: { 200: z.object({ sql: z.string() }) },
      },
    },
    async (request) => ({ sql: await tables.exportSql(request.params.table) }),
  );

  app.post(
    '/:table/columns',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['tables'],
        params: tableParams,
        body: addColumnBody,
        response: { 201: z.object({ message: z.string(), column: columnInfo.nullable() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await tables.addColumn(request.params.table, request.body)),
  );

  app.put(
    '/:table/columns/:column',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['tables'],
        summary: 'Change type (USING col::type), nullability, default, description or name',
        params: columnParams,
        body: alterColumnBody,
        response: { 200: z.object({ message: z.string(), column: columnInfo.nullable() }) },
      },
    },
    async (request) => tables.alterColumn(request.params.table, request.params.column, request.body),
  );

  app.delete(
    '/:table/columns/:column',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['tables'],
        params: columnParams,
        response: { 200: z.object({ message: z.string() }) },
      },
    },
    async (request) => tables.dropColumn(request.params.table, request.params.column),
  );
};
