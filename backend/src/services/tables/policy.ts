import { type Caller, isLoggedIn } from '../../auth/caller.js';
import { AppError } from '../../errors/app-error.js';

export const RULES = ['anon', 'authenticated', 'owner', 'superuser'] as const;
export type Rule = (typeof RULES)[number];
export type Operation = 'select' | 'insert' | 'update' | 'delete';
export type Permissions = Record<Operation, Rule>;

export type Policy = { ownerColumn: string | null; permissions: Permissions };

export const PUBLIC_PRESET: Permissions = {
  select: 'anon',
  insert: 'anon',
  update: 'owner',
  delete: 'owner',
};
export const PRIVATE_PRESET: Permissions = {
  select: 'superuser',
  insert: 'superuser',
  update: 'superuser',
  delete: 'superuser',
};

/** Tables without a stored policy, such as ones created in the SQL editor, are private. */
export const DEFAULT_POLICY: Policy = { ownerColumn: null, permissions: PRIVATE_PRESET };

export function isPublicPreset(permissions: Permissions): boolean {
  return (Object.keys(PUBLIC_PRESET) as Operation[]).every((op) => permissions[op] === PUBLIC_PRESET[op]);
}

/**
 * What a caller may do to a table for one operation: refused, every row, or only rows whose owner
 * column holds their id. The verdict becomes part of the one SQL statement that does the work.
 */
export type Grant = { rows: 'all' } | { rows: 'owned'; ownerColumn: string; userId: string };

export function canSelect(policy: Policy, caller: Caller): boolean {
  return grantFor(policy, 'select', caller) !== undefined;
}

export function grantFor(policy: Policy, op: Operation, caller: Caller): Grant | undefined {
  if (caller.role === 'superuser') return { rows: 'all' };
  const rule = policy.permissions[op];
  switch (rule) {
    case 'anon':
      return { rows: 'all' };
    case 'authenticated':
      return isLoggedIn(caller) ? { rows: 'all' } : undefined;
    case 'owner':
      // An owner rule without an owner column cannot match anyone's rows.
      return isLoggedIn(caller) && policy.ownerColumn
        ? { rows: 'owned', ownerColumn: policy.ownerColumn, userId: caller.user.id }
        : undefined;
    case 'superuser':
      return undefined;
  }
}

/**
 * The grant for an operation, or the error to answer: a table the caller cannot even read does not
 * exist for them (404); otherwise anonymous callers are told to log in (401), users are refused (403).
 */
export function requireGrant(table: string, policy: Policy, op: Operation, caller: Caller): Grant {
  const grant = grantFor(policy, op, caller);
  if (grant) return grant;
  if (!canSelect(policy, caller)) throw tableNotFound(table);
  if (!isLoggedIn(caller) && policy.permissions[op] !== 'superuser') {
    throw new AppError('AUTH_REQUIRED', `Log in to ${op} rows of "${table}"`);
  }
  throw new AppError('FORBIDDEN', `You may not ${op} rows of "${table}"`);
}

export function tableNotFound(table: string): AppError {
  return new AppError('TABLE_NOT_FOUND', `Table "${table}" not found`);
}
