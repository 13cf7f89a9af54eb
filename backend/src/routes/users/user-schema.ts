import { z } from 'zod';
import { OWNED_KINDS, type OwnedKind } from '../../services/user-resources.js';

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

/** One count per kind of owned thing (services/user-resources.ts), so the two never drift apart. */
export const ownedResourcesSchema = z
  .object(Object.fromEntries(OWNED_KINDS.map((kind) => [kind, z.number()])) as Record<OwnedKind, z.ZodNumber>)
  .meta({ id: 'OwnedResources' });
