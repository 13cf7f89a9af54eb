import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';
import { runSql } from '../../services/sql-editor.js';
import { listSqlHistory, recordSqlRun } from '../../services/sql-history.js';
import { createSnippet, deleteSnippet, listSnippets, updateSnippet } from '../../services/sql-snippets.js';
import {
  historyBody,
  historyEntry,
  historyPage,
  historyQuery,
  snippetBody,
  snippetChanges,
  snippetIdParams,
  snippetSchema,
  sqlQueryBody,
  sqlQueryResponse,
} from './sql-schemas.js';

export type SqlRoutesOptions = {
  /** Called after a run that wrote something (DDL included), so cached table metadata is reloaded. */
  onSchemaChange?: () => void;
};

/** The caller of a superuser route; the auth plugin has already refused anyone else. */
function currentUserId(caller: Parameters<typeof isLoggedIn>[0]): string {
  if (!isLoggedIn(caller)) throw new AppError('AUTH_REQUIRED');
  return caller.user.id;
}

/** `/api/v1/sql`: the SQL editor, its history and saved snippets (API.md §5); superusers only. */
export const sqlRoutes: FastifyPluginAsyncZod<SqlRoutesOptions> = async (app, options) => {
  const onSchemaChange = options.onSchemaChange ?? (() => undefined);

  app.post(
    '/query',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['sql'],
        summary: 'Run a SQL script in one transaction; errors are answered as data (success: false)',
        body: sqlQueryBody,
        response: { 200: sqlQueryResponse },
      },
    },
    async (request) => {
      const userId = currentUserId(request.caller);
      const run = await runSql(app.db, request.body);
      if (run.wrote) onSchemaChange();
      // The run has committed or rolled back already: failing to record it must not hide its result.
      await recordSqlRun(app.db, userId, {
        query: request.body.query,
        is_read_only: run.response.success ? run.response.is_read_only : request.body.read_only,
        execution_time: run.executionTime,
        row_count: run.rowCount,
        error: run.response.success ? null : run.response.error,
      }).catch((err) => request.log.error({ err }, 'could not record a SQL editor run in its history'));
      return run.response;
    },
  );

  app.get(
    '/history',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['sql'],
        summary: 'Your SQL editor runs, newest first',
        querystring: historyQuery,
        response: { 200: historyPage },
      },
    },
    async (request) => listSqlHistory(app.db, currentUserId(request.caller), request.query),
  );

  app.post(
    '/history',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['sql'],
        summary: 'Record a run (kept for old clients: /sql/query records every run itself)',
        body: historyBody,
        response: { 201: historyEntry },
      },
    },
    async (request, reply) => {
      const { query, result, ...flat } = request.body;
      const entry = await recordSqlRun(app.db, currentUserId(request.caller), {
        query,
        is_read_only: flat.is_read_only ?? result?.is_read_only ?? false,
        execution_time: flat.execution_time ?? result?.total_execution_time ?? result?.execution_time ?? null,
        row_count: flat.row_count ?? result?.row_count ?? result?.total_rows_affected ?? null,
        error: flat.error ?? result?.error ?? null,
      });
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/snippets',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['sql'],
        summary: 'Your snippets and those other superusers shared',
        response: { 200: z.array(snippetSchema) },
      },
    },
    async (request) => listSnippets(app.db, currentUserId(request.caller)),
  );

  app.post(
    '/snippets',
    {
      config: { access: 'superuser' },
      schema: { tags: ['sql'], body: snippetBody, response: { 201: snippetSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await createSnippet(app.db, currentUserId(request.caller), request.body)),
  );

  app.put(
    '/snippets/:id',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['sql'],
        summary: "Change your snippet (another's shared snippet: 403)",
        params: snippetIdParams,
        body: snippetChanges,
        response: { 200: snippetSchema },
      },
    },
    async (request) => updateSnippet(app.db, currentUserId(request.caller), request.params.id, request.body),
  );

  app.delete(
    '/snippets/:id',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['sql'],
        summary: "Delete your snippet (another's shared snippet: 403)",
        params: snippetIdParams,
        response: { 200: z.object({ message: z.string(), deleted_snippet: snippetSchema }) },
      },
    },
    async (request) => ({
      message: 'Snippet deleted',
      deleted_snippet: await deleteSnippet(app.db, currentUserId(request.caller), request.params.id),
    }),
  );
};
