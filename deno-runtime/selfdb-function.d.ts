/**
 * Types for SelfDB function modules (API.md §8), global so that function code can use them without
 * an import: the dashboard's editor loads them with Deno's own, and `POST /functions/validate`
 * checks code against them.
 */

/** The caller of an HTTP invocation: a user, or null for the anon key and non-HTTP triggers. */
interface SelfDBUser {
  id: string;
  email: string;
  is_superuser: boolean;
}

/** What fired the function. */
type SelfDBTriggerEvent =
  | { type: 'http'; method: string; path: string }
  | { type: 'schedule'; cron: string; scheduled_at: string }
  | {
      type: 'database';
      table: string;
      operation: 'INSERT' | 'UPDATE' | 'DELETE';
      data: Record<string, unknown> | null;
      old_data: Record<string, unknown> | null;
    }
  | { type: 'event'; event: string; data: unknown }
  | { type: 'once'; attempt: number };

interface SelfDBContext {
  /** The function's own env vars plus SELFDB_API_URL, ANON_KEY and DATABASE_URL; nothing else. */
  env: Record<string, string>;
  trigger: SelfDBTriggerEvent;
  user: SelfDBUser | null;
  /** Calls the SelfDB API with the anon key; paths without /api/ are taken under /api/v1. */
  callBackend(path: string, init?: RequestInit): Promise<Response>;
}

/** An entry of `export const triggers = [...]`. */
type SelfDBTrigger =
  | { type: 'http'; method?: string | string[] }
  | { type: 'schedule'; cron: string }
  | { type: 'database'; table: string; operations?: Array<'INSERT' | 'UPDATE' | 'DELETE'> }
  | { type: 'event'; event: string };

/** The default export: return a Response, or JSON-able data (undefined is 204 No Content). */
type SelfDBHandler = (req: Request, ctx: SelfDBContext) => unknown | Promise<unknown>;
