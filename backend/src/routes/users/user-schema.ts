import { z } from 'zod';

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    full_name: z.string().nullable(),
    is_active: z.boolean(),
    is_superuser: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'User' });

/** Emails are compared case-insensitively and stored trimmed and lower-cased. */
export const emailInput = z.string().trim().toLowerCase().pipe(z.email('must be a valid email address'));

/** At least 8 characters; at most 1024 so nobody can make the server hash megabytes. */
export const passwordInput = z.string().min(8, 'must be at least 8 characters').max(1024);

export const userIdParams = z.object({ id: z.uuid() });
