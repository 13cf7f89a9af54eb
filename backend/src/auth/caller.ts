/** Who is calling, as resolved once per request by the auth plugin (API.md §0). */
export type AuthenticatedUser = { id: string; email: string; is_superuser: boolean };

export type Caller =
  /** A route that needs no credentials (health, docs). */
  | { role: 'public' }
  /** The function runtime, with the internal key (its own routes under /functions/runtime). */
  | { role: 'runtime' }
  /** The anonymous key, no user. */
  | { role: 'anon' }
  /** A logged-in user; `sessionId` is the refresh-token family their access token belongs to. */
  | { role: 'user' | 'superuser'; user: AuthenticatedUser; sessionId: string | null };

/**
 * What a route requires, declared where the route is (`config: { access }`). `optional` needs no
 * credentials, but any that are sent are checked as everywhere else and give the caller: a file
 * URL works as an `<img src>` and for its logged-in owner alike. `runtime` is the function
 * runtime's own callbacks, with the internal key.
 */
export type Access = 'public' | 'optional' | 'anon' | 'user' | 'superuser' | 'runtime';

export function isLoggedIn(caller: Caller): caller is Extract<Caller, { user: AuthenticatedUser }> {
  return caller.role === 'user' || caller.role === 'superuser';
}
