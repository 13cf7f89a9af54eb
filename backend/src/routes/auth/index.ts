import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { login, refresh } from '../../services/auth.js';
import { LoginThrottle } from '../../services/login-throttle.js';
import { endSession } from '../../services/sessions.js';
import { createUser } from '../../services/users.js';
import { emailInput, passwordInput, userSchema } from '../users/user-schema.js';

const loginBody = z
  .object({
    username: z.string().trim().min(1).optional().describe('The email (OAuth2 password form field name)'),
    email: z.string().trim().min(1).optional(),
    password: z.string().min(1).max(1024),
  })
  .refine((body) => body.username !== undefined || body.email !== undefined, {
    message: 'username (or email) is required',
    path: ['username'],
  });

const tokens = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  refresh_token: z.string(),
});

const refreshBody = z.object({ refresh_token: z.string().min(1) });

/** `/api/v1/auth`: login, register, refresh, logout. All take the anon key (or a user token). */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // The OAuth2 password form arrives urlencoded or as multipart fields; only this context parses them.
  await app.register(formbody);
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 0, fields: 10, fieldSize: 4096 },
  });
  const throttle = new LoginThrottle(app.db, app.config.auth.loginThrottle);

  app.post(
    '/login',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password (form fields username/password, or JSON email/password)',
        body: loginBody,
        response: {
          200: tokens.extend({ is_superuser: z.boolean(), email: z.string(), user_id: z.uuid() }),
        },
      },
    },
    async (request) =>
      login(app, throttle, {
        email: (request.body.username ?? request.body.email ?? '').toLowerCase(),
        password: request.body.password,
        ip: request.ip,
      }),
  );

  app.post(
    '/register',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['auth'],
        summary: 'Create an account (is_superuser and is_active in the body are ignored)',
        body: z.object({
          email: emailInput,
          password: passwordInput,
          full_name: z.string().max(200).nullish(),
        }),
        response: { 200: userSchema },
      },
    },
    async (request) => {
      if (!app.config.auth.allowRegistration) throw new AppError('REGISTRATION_DISABLED');
      return createUser(app.db, request.body);
    },
  );

  app.post(
    '/refresh',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for new tokens; the old refresh token is revoked',
        body: refreshBody,
        response: { 200: tokens },
      },
    },
    async (request) => refresh(app, request.body.refresh_token),
  );

  app.post(
    '/logout',
    {
      config: { access: 'anon' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke the session the refresh token belongs to',
        body: refreshBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await endSession(app.db, request.body.refresh_token);
      return reply.code(204).send(null);
    },
  );
};
