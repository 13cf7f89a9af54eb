import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';
import { changeOwnPassword } from '../../services/auth.js';
import {
  countRegularUsers,
  createUser,
  deleteUser,
  getOwnedResources,
  getUser,
  listUsers,
  updateUser,
} from '../../services/users.js';
import { emailInput, ownedResourcesSchema, passwordInput, userIdParams, userSchema } from './user-schema.js';

const listQuery = z.object({
  skip: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  search: z.string().max(320).optional(),
});

const adminChanges = z.object({
  email: emailInput.optional(),
  full_name: z.string().max(200).nullish(),
  password: passwordInput.optional(),
  is_active: z.boolean().optional(),
  is_superuser: z.boolean().optional(),
});

/** The caller of a `user`/`superuser` route; the auth plugin has already refused anyone else. */
function currentUser(caller: Parameters<typeof isLoggedIn>[0]) {
  if (!isLoggedIn(caller)) throw new AppError('AUTH_REQUIRED');
  return caller;
}

/** `/api/v1/users`: the caller's own account, and user management for superusers. */
export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    { config: { access: 'user' }, schema: { tags: ['users'], response: { 200: userSchema } } },
    async (request) => getUser(app.db, currentUser(request.caller).user.id),
  );

  app.put(
    '/me',
    {
      config: { access: 'user' },
      schema: {
        tags: ['users'],
        summary: 'Change your email or full name (other fields are ignored)',
        body: z.object({ email: emailInput.optional(), full_name: z.string().max(200).nullish() }),
        response: { 200: userSchema },
      },
    },
    async (request) =>
      updateUser(app.db, currentUser(request.caller).user.id, {
        email: request.body.email,
        full_name: request.body.full_name,
      }),
  );

  app.put(
    '/me/password',
    {
      config: { access: 'user' },
      schema: {
        tags: ['users'],
        summary: "Change your password; ends the account's other sessions",
        body: z.object({ current_password: z.string().min(1).max(1024), new_password: passwordInput }),
        response: { 200: z.literal(true) },
      },
    },
    async (request) => {
      const caller = currentUser(request.caller);
      await changeOwnPassword(app, caller.user.id, caller.sessionId, request.body);
      return true as const;
    },
  );

  app.get(
    '/me/anon-key',
    {
      config: { access: 'user' },
      schema: { tags: ['users'], response: { 200: z.object({ anon_key: z.string() }) } },
    },
    async () => ({ anon_key: app.config.auth.anonKey }),
  );

  app.get(
    '/',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['users'],
        summary: 'List users; search matches a substring of the email',
        querystring: listQuery,
        response: { 200: z.array(userSchema) },
      },
    },
    async (request) => listUsers(app.db, request.query),
  );

  app.get(
    '/count',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['users'],
        summary: 'Number of users who are not superusers',
        response: { 200: z.number() },
      },
    },
    async () => countRegularUsers(app.db),
  );

  app.get(
    '/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['users'],
        summary: 'A user: yourself, or anyone for superusers',
        params: userIdParams,
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const caller = currentUser(request.caller);
      if (caller.role !== 'superuser' && caller.user.id !== request.params.id)
        throw new AppError('FORBIDDEN');
      return getUser(app.db, request.params.id);
    },
  );

  app.get(
    '/:id/owned',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['users'],
        summary: 'How many buckets, files, functions, SQL snippets and history entries a user owns',
        description: 'What passes to the superuser who deletes this user.',
        params: userIdParams,
        response: { 200: ownedResourcesSchema },
      },
    },
    async (request) => getOwnedResources(app.db, request.params.id),
  );

  app.post(
    '/',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['users'],
        body: z.object({
          email: emailInput,
          password: passwordInput,
          full_name: z.string().max(200).nullish(),
          is_active: z.boolean().default(true),
          is_superuser: z.boolean().default(false),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(app.db, request.body)),
  );

  app.put(
    '/:id',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['users'],
        summary: 'Change any field, password included; the last active superuser stays one',
        params: userIdParams,
        body: adminChanges,
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(app.db, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    {
      config: { access: 'superuser' },
      schema: {
        tags: ['users'],
        summary: 'Delete a user; what they own passes to you',
        params: userIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteUser(app.db, request.params.id, currentUser(request.caller).user.id);
      return reply.code(204).send(null);
    },
  );
};
